/**
 * The pinned exercise versions, parsed. A published version never changes, so a parsed copy can live in process
 * memory for as long as there is room: no invalidation is ever needed.
 */
import { type Exercise, itemPoints, parseExercise } from "@languagecloud/domain";
import { LRUCache } from "lru-cache";
import type { Executor } from "../../db/types.ts";
import { notFound } from "../../lib/errors.ts";

const parsed = new LRUCache<string, Exercise>({ max: 500 });

/** The parsed content of a version (ids filled, defaults applied), as grading and the student view need it. */
export async function loadVersionContent(db: Executor, organizationId: string, versionId: string): Promise<Exercise> {
  const hit = parsed.get(versionId);
  if (hit) return hit;
  const row = await db
    .selectFrom("exercise_versions")
    .select(["content"])
    .where("id", "=", versionId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) throw notFound("exercise version");
  const exercise = parseExercise(JSON.parse(row.content));
  parsed.set(versionId, exercise);
  return exercise;
}

export function maxScoreOf(exercise: Exercise): number {
  return exercise.items.reduce((sum, item) => sum + itemPoints(item), 0);
}
