/**
 * GET …/exercises/{id}/versions/compare (methodology.md §1): pools every assignment of the organization that pinned
 * each version, applies the attempt policy per assignment and student, and compares the versions item by item.
 */
import { type AttemptPolicy, compareVersions, type PooledAttempt, type VersionComparison } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { findVersion } from "../assignments/assignments.repository.ts";
import { loadVersionContent } from "../assignments/versions.ts";
import { submittedAttemptsOf } from "../attempts/attempts.repository.ts";
import { parseCategories } from "../insight/statistics.recompute.ts";
import * as repo from "./versions-compare.repository.ts";

export async function compareExerciseVersions(
  ctx: AppContext,
  organizationId: string,
  exerciseId: string,
  query: { from: number; to: number; attempts: AttemptPolicy },
): Promise<VersionComparison> {
  const db = ctx.database.read;
  const [from, to] = await Promise.all([
    findVersion(db, organizationId, exerciseId, query.from),
    findVersion(db, organizationId, exerciseId, query.to),
  ]);
  if (!from || !to) throw notFound("version");
  const [fromContent, toContent] = await Promise.all([
    loadVersionContent(db, organizationId, from.id),
    loadVersionContent(db, organizationId, to.id),
  ]);
  const assignments = await repo.findPinningAssignments(db, organizationId, exerciseId, [query.from, query.to]);
  const ids = assignments.map((a) => a.id);
  const [attempts, responses] = await Promise.all([
    submittedAttemptsOf(db, organizationId, ids),
    repo.findResponses(db, organizationId, ids),
  ]);
  const pooled = new Map<
    string,
    PooledAttempt & { scores: Record<string, number | null>; categories: Record<string, string[]> }
  >();
  for (const a of attempts) {
    pooled.set(a.id, {
      id: a.id,
      // The policy picks per student within each assignment, so a student in two classes counts in both.
      student: `${a.assignment_id}:${a.user_id}`,
      submittedAt: a.submitted_at ?? undefined,
      scores: {},
      categories: {},
    });
  }
  for (const r of responses) {
    const a = pooled.get(r.attempt_id);
    if (!a) continue;
    a.scores[r.item_id] = r.status === "pending" ? null : Number(r.score);
    a.categories[r.item_id] = parseCategories(r.error_categories);
  }
  const versionOf = new Map(assignments.map((a) => [a.id, Number(a.exercise_version)]));
  const side = (version: number, items: typeof fromContent.items) => ({
    version,
    items,
    assignments: assignments.filter((a) => Number(a.exercise_version) === version).length,
    attempts: attempts.filter((a) => versionOf.get(a.assignment_id) === version).map((a) => pooled.get(a.id)!),
  });
  return compareVersions(side(query.from, fromContent.items), side(query.to, toContent.items), query.attempts);
}
