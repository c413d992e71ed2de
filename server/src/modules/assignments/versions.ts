/**
 * The one reader of published exercise versions: attempts (the student view, autosave, submit), grading, regrades,
 * statistics, patterns, progress, calibration, LTI and xAPI all load a pinned version here, parsed the same way
 * (`parseExercise`: defaults applied, ids filled) and kept in one process cache. A published version never
 * changes, so the parsed copy can live for as long as there is room: nothing to invalidate. The cache is keyed by
 * organization and version, so a version id never answers for another organization.
 */
import { type Exercise, itemPoints, parseExercise } from "@languagecloud/domain";
import { LRUCache } from "lru-cache";
import type { Executor } from "../../db/types.ts";
import { notFound } from "../../lib/errors.ts";
import { findVersionContent } from "../exercises/exercises.repository.ts";

const parsed = new LRUCache<string, Exercise>({ max: 2_000 });

/** The parsed content of a version of the organization, or undefined when it has no such version. */
export async function findPinnedVersion(
  db: Executor,
  organizationId: string,
  versionId: string,
): Promise<Exercise | undefined> {
  const key = `${organizationId}:${versionId}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const content = await findVersionContent(db, organizationId, versionId);
  if (content === undefined) return undefined;
  const exercise = parseExercise(JSON.parse(content));
  parsed.set(key, exercise);
  return exercise;
}

/** The parsed content of a version (ids filled, defaults applied); 404 when the organization has no such version. */
export async function loadVersionContent(db: Executor, organizationId: string, versionId: string): Promise<Exercise> {
  const exercise = await findPinnedVersion(db, organizationId, versionId);
  if (!exercise) throw notFound("exercise version");
  return exercise;
}

export function maxScoreOf(exercise: Exercise): number {
  return exercise.items.reduce((sum, item) => sum + itemPoints(item), 0);
}
