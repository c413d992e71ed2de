/** The pinned items of an assignment, as statistics read them. */
import { type Item, itemPoints, type StatsItem, toStatsItem } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { findPinnedVersion } from "../assignments/versions.ts";

export interface AssignmentItem {
  id: string;
  type: string;
  maxScore: number;
  item: Item;
  stats: StatsItem;
}

/** The items of the assignment's pinned version, read through the one cache of versions (assignments/versions.ts). */
export async function assignmentItems(
  ctx: AppContext,
  assignment: { organization_id: string; exercise_version_id: string },
  db: Executor = ctx.database.db,
): Promise<AssignmentItem[]> {
  const ex = await findPinnedVersion(db, assignment.organization_id, assignment.exercise_version_id);
  return (ex?.items ?? [])
    .filter((it) => it.id)
    .map((it) => ({ id: it.id!, type: it.type, maxScore: itemPoints(it), item: it, stats: toStatsItem(it) }));
}
