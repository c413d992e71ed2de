/** SQL of the version comparison: the two versions, the assignments that pinned them and their graded answers. */
import type { Executor } from "../../db/types.ts";

export async function findVersions(db: Executor, organizationId: string, exerciseId: string, versions: number[]) {
  return db
    .selectFrom("exercise_versions")
    .select(["id", "version"])
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .where("version", "in", versions)
    .execute();
}

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

/** Submitted attempts of these assignments (one query for all of them). */
export async function findSubmittedAttempts(db: Executor, organizationId: string, assignmentIds: string[]) {
  if (!assignmentIds.length) return [];
  return db
    .selectFrom("attempts")
    .select(["id", "assignment_id", "user_id", "submitted_at"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "in", assignmentIds)
    .where("status", "=", "submitted")
    .orderBy("submitted_at")
    .orderBy("id")
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
