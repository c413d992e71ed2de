/** The pinned items of an assignment, cached per exercise version (versions never change once published). */
import { type Item, itemPoints, type StatsItem, toStatsItem } from "@languagecloud/domain";
import { LRUCache } from "lru-cache";
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import * as repo from "./statistics.repository.ts";

export interface AssignmentItem {
  id: string;
  type: string;
  maxScore: number;
  item: Item;
  stats: StatsItem;
}

const byVersion = new LRUCache<string, AssignmentItem[]>({ max: 2_000 });

export async function assignmentItems(
  ctx: AppContext,
  assignment: { organization_id: string; exercise_version_id: string },
  db: Executor = ctx.database.db,
): Promise<AssignmentItem[]> {
  const key = assignment.exercise_version_id;
  const hit = byVersion.get(key);
  if (hit) return hit;
  const ex = await repo.findVersionExercise(db, assignment.organization_id, key);
  const items = (ex?.items ?? [])
    .filter((it) => it.id)
    .map((it) => ({ id: it.id!, type: it.type, maxScore: itemPoints(it), item: it, stats: toStatsItem(it) }));
  if (ex) byVersion.set(key, items);
  return items;
}
