/**
 * SQL of the version comparison: the assignments that pinned the versions and their graded answers (the versions
 * come from assignments.repository, the submitted attempts from attempts.repository, as for experiments).
 */
import type { Executor } from "../../db/types.ts";

/** The organization's assignments pinning any of these versions (assignments keep the version number too). */
export async function findPinningAssignments(
  db: Executor,
  organizationId: string,
  exerciseId: string,
  versions: number[],
) {
  return db
    .selectFrom("assignments")
    .select(["id", "exercise_version"])
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .where("exercise_version", "in", versions)
    .execute();
}

/** Their responses: score (pending ones are left out by the caller) and error categories. */
export async function findResponses(db: Executor, organizationId: string, assignmentIds: string[]) {
  if (!assignmentIds.length) return [];
  return db
    .selectFrom("responses")
    .select(["attempt_id", "item_id", "score", "status", "error_categories"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "in", assignmentIds)
    .execute();
}
