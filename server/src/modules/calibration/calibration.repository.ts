/** SQL of the class calibration: the first attempts' item scores, and the stored calibration. */
import type { Executor } from "../../db/types.ts";

export interface FirstAttemptRow {
  user_id: string;
  class_id: string;
  attempt_id: string;
  submitted_at: string | null;
  exercise_id: string;
  exercise_version_id: string;
  exercise_version: number;
  item_id: string;
  score: number;
  max_score: number;
  status: string;
}

function firstAttempts(db: Executor, organizationId: string) {
  return db
    .selectFrom("attempts as a")
    .innerJoin("assignments as g", "g.id", "a.assignment_id")
    .innerJoin("responses as r", "r.attempt_id", "a.id")
    .select([
      "a.user_id",
      "a.class_id",
      "a.id as attempt_id",
      "a.submitted_at",
      "g.exercise_id",
      "g.exercise_version_id",
      "g.exercise_version",
      "r.item_id",
      "r.score",
      "r.max_score",
      "r.status",
    ])
    .where("a.organization_id", "=", organizationId)
    .where("g.organization_id", "=", organizationId)
    .where("r.organization_id", "=", organizationId)
    .where("a.status", "=", "submitted")
    .where("a.number", "=", 1);
}

/** Every item score of the first attempts of the class's current students, in one query. */
export async function classFirstAttempts(db: Executor, organizationId: string, classId: string) {
  return (await firstAttempts(db, organizationId)
    .innerJoin("class_students as cs", (j) =>
      j.onRef("cs.class_id", "=", "a.class_id").onRef("cs.user_id", "=", "a.user_id"),
    )
    .where("a.class_id", "=", classId)
    .execute()) as FirstAttemptRow[];
}

/** One student's first-attempt item scores in every class (for the scale in their progress). */
export async function studentFirstAttempts(db: Executor, organizationId: string, userId: string) {
  return (await firstAttempts(db, organizationId).where("a.user_id", "=", userId).execute()) as FirstAttemptRow[];
}

export async function studentNames(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("class_students as cs")
    .innerJoin("users as u", "u.id", "cs.user_id")
    .select(["u.id", "u.name"])
    .where("cs.organization_id", "=", organizationId)
    .where("cs.class_id", "=", classId)
    .execute();
}

export async function findCalibration(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("class_calibrations")
    .select(["body", "computed_at"])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .executeTakeFirst();
}

export async function findCalibrations(db: Executor, organizationId: string, classIds: string[]) {
  if (classIds.length === 0) return [];
  return db
    .selectFrom("class_calibrations")
    .select(["class_id", "body"])
    .where("organization_id", "=", organizationId)
    .where("class_id", "in", classIds)
    .execute();
}

/** Replaces the class's calibration (delete + insert: one statement shape on every engine). */
export async function saveCalibration(
  db: Executor,
  row: { organizationId: string; classId: string; computedAt: string; body: string },
) {
  await db
    .deleteFrom("class_calibrations")
    .where("organization_id", "=", row.organizationId)
    .where("class_id", "=", row.classId)
    .execute();
  await db
    .insertInto("class_calibrations")
    .values({
      class_id: row.classId,
      organization_id: row.organizationId,
      computed_at: row.computedAt,
      body: row.body,
    })
    .execute();
}
