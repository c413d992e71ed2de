/** SQL of error patterns, progress and the class dashboard. Every query filters by organization. */
import type { Executor } from "../../db/types.ts";
import { gradedScore } from "../attempts/attempts.repository.ts";

export async function findClass(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("classes")
    .select(["id", "name"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", classId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
}

export interface ErrorRowFilter {
  classId?: string;
  assignmentId?: string;
  studentId?: string;
  from?: string;
  to?: string;
}

/**
 * The graded responses that have at least one error, in submission order. SQL keeps only those rows (most
 * responses are right) and the columns the patterns need; the JSON of each row is unpacked by the caller.
 */
export async function errorRows(db: Executor, organizationId: string, f: ErrorRowFilter) {
  let q = db
    .selectFrom("responses as r")
    .innerJoin("attempts as a", "a.id", "r.attempt_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("assignments as g", "g.id", "r.assignment_id")
    .select([
      "r.item_id",
      "r.item_type",
      "r.assignment_id",
      "g.exercise_version_id",
      "r.user_id",
      "u.name as user_name",
      "a.submitted_at",
      "r.parts",
      "r.error_categories",
    ])
    .where("r.organization_id", "=", organizationId)
    .where("a.organization_id", "=", organizationId)
    .where("g.organization_id", "=", organizationId)
    .where("a.status", "=", "submitted")
    .where("r.error_categories", "<>", "[]");
  if (f.classId) q = q.where("a.class_id", "=", f.classId);
  if (f.assignmentId) q = q.where("r.assignment_id", "=", f.assignmentId);
  if (f.studentId) q = q.where("r.user_id", "=", f.studentId);
  if (f.from) q = q.where("a.submitted_at", ">=", f.from);
  if (f.to) q = q.where("a.submitted_at", "<=", f.to);
  return q.orderBy("a.submitted_at").orderBy("r.id").execute();
}

/** A member of the organization with their name, or undefined. */
export async function findMember(db: Executor, organizationId: string, userId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "m.role"])
    .where("m.organization_id", "=", organizationId)
    .where("m.user_id", "=", userId)
    .executeTakeFirst();
}

/** One student's graded item results with the version they belong to (pending essays left out). */
export async function progressRows(
  db: Executor,
  organizationId: string,
  userId: string,
  range: { from?: string; to?: string },
) {
  let q = db
    .selectFrom("responses as r")
    .innerJoin("attempts as a", "a.id", "r.attempt_id")
    .innerJoin("assignments as asg", "asg.id", "a.assignment_id")
    .select(["a.submitted_at", "asg.exercise_version_id", "r.item_id", "r.score", "r.max_score"])
    .where("r.organization_id", "=", organizationId)
    .where("a.organization_id", "=", organizationId)
    .where("r.user_id", "=", userId)
    .where("a.status", "=", "submitted")
    .where("r.status", "<>", "pending");
  if (range.from) q = q.where("a.submitted_at", ">=", range.from);
  if (range.to) q = q.where("a.submitted_at", "<=", range.to);
  return q.orderBy("a.submitted_at").execute();
}

export async function classStudents(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("class_students as cs")
    .innerJoin("users as u", "u.id", "cs.user_id")
    .select(["u.id", "u.name", "cs.created_at"])
    .where("cs.organization_id", "=", organizationId)
    .where("cs.class_id", "=", classId)
    .orderBy("u.name")
    .execute();
}

export async function classAssignments(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("assignments")
    .select(["id", "title", "due_at", "opens_at", "max_score", "created_at", "exercise_version_id"])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/**
 * Per (assignment, student) of a class, aggregated in SQL: the best score share, the first submission, whether any
 * submission was late, and how many attempts were submitted.
 */
export async function classSubmissions(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("attempts")
    .select((eb) => [
      "assignment_id",
      "user_id",
      // An attempt waiting for an essay grade counts as submitted, not in the averages (as in the gradebook).
      eb.fn.max(gradedScore(eb)).as("best_score"),
      eb.fn.max(eb.ref("max_score")).as("max_score"),
      eb.fn.min("submitted_at").as("first_submitted_at"),
      eb.fn.max("late").as("late"),
      eb.fn.countAll<number>().as("attempts"),
    ])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .where("status", "=", "submitted")
    .groupBy(["assignment_id", "user_id"])
    .execute();
}

/** Every graded submitted attempt of a class in time order: the trend of each student's scores. */
export async function classAttemptScores(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("attempts")
    .select(["user_id", "assignment_id", "score", "max_score", "submitted_at"])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .where("status", "=", "submitted")
    .where("pending_count", "=", 0)
    .orderBy("submitted_at")
    .orderBy("id")
    .execute();
}

export async function snapshotsOf(db: Executor, organizationId: string, assignmentIds: string[], policy: string) {
  if (!assignmentIds.length) return [];
  return db
    .selectFrom("stats_snapshots")
    .select(["assignment_id", "analysis", "computed_at"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "in", assignmentIds)
    .where("policy", "=", policy)
    .execute();
}

/** The class an event is about, from whichever id its payload carries. */
export async function classOfEvent(
  db: Executor,
  organizationId: string,
  ids: { assignmentId?: string; attemptId?: string; responseId?: string },
) {
  if (ids.assignmentId) {
    const r = await db
      .selectFrom("assignments")
      .select(["class_id"])
      .where("organization_id", "=", organizationId)
      .where("id", "=", ids.assignmentId)
      .executeTakeFirst();
    if (r) return r.class_id;
  }
  if (ids.attemptId) {
    const r = await db
      .selectFrom("attempts")
      .select(["class_id"])
      .where("organization_id", "=", organizationId)
      .where("id", "=", ids.attemptId)
      .executeTakeFirst();
    if (r) return r.class_id;
  }
  if (ids.responseId) {
    const r = await db
      .selectFrom("responses as r")
      .innerJoin("attempts as a", "a.id", "r.attempt_id")
      .select(["a.class_id"])
      .where("r.organization_id", "=", organizationId)
      .where("r.id", "=", ids.responseId)
      .executeTakeFirst();
    if (r) return r.class_id;
  }
  return undefined;
}
