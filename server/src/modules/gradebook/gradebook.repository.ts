import type { Executor } from "../../db/types.ts";
import { gradedScore } from "../attempts/attempts.repository.ts";

export async function classAssignments(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("assignments")
    .select(["id", "title", "max_score"])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function classStudents(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("class_students as cs")
    .innerJoin("users as u", "u.id", "cs.user_id")
    .select(["u.id", "u.name", "u.email"])
    .where("cs.organization_id", "=", organizationId)
    .where("cs.class_id", "=", classId)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
}

/**
 * Per (student, assignment) of a class, in one grouped query: the best score of the submitted attempts that are
 * fully graded (`best`, null when there is none), and whether a submitted attempt still waits for a teacher
 * (`pending` > 0). An essay waiting for its grade counts 0 in the attempt's score so far, so that score is not one.
 */
export async function bestScores(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("attempts")
    .select((eb) => [
      "user_id",
      "assignment_id",
      eb.fn.max(gradedScore(eb)).as("best"),
      eb.fn.max("pending_count").as("pending"),
    ])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .where("status", "=", "submitted")
    .groupBy(["user_id", "assignment_id"])
    .execute();
}
