/**
 * Analytics test data written straight into the tables (classes, assignments, submitted attempts with graded
 * responses), so statistics, patterns, progress and the dashboard can be tested with exact scores and many
 * attempts, without grading going through the attempts API.
 */
import { newId, nowIso } from "../src/lib/ids.ts";
import type { PublishedExercise } from "./factories.ts";
import type { TestApp } from "./harness.ts";

export async function insertClass(t: TestApp, orgId: string, name = "Class 1"): Promise<string> {
  const id = newId();
  const now = nowIso();
  await t.ctx.database.db
    .insertInto("classes")
    .values({
      id,
      organization_id: orgId,
      name,
      description: null,
      join_code: newId().replace(/-/g, "").slice(-10).toUpperCase(),
      created_by: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
  return id;
}

export async function enrol(t: TestApp, orgId: string, classId: string, userId: string): Promise<void> {
  await t.ctx.database.db
    .insertInto("class_students")
    .values({ class_id: classId, organization_id: orgId, user_id: userId, added_via: "teacher", created_at: nowIso() })
    .execute();
}

/** A student user, member of the organization and enrolled in the class (no session: use addMember for one). */
export async function insertStudent(t: TestApp, orgId: string, classId: string, name: string): Promise<string> {
  const { insertMembership, insertUser } = await import("../src/modules/identity/identity.repository.ts");
  const user = await insertUser(t.ctx.database.db, {
    email: `${newId()}@students.example.org`,
    name,
    passwordHash: "x",
  });
  await insertMembership(t.ctx.database.db, orgId, user.id, "student");
  await enrol(t, orgId, classId, user.id);
  return user.id;
}

export async function insertAssignment(
  t: TestApp,
  orgId: string,
  classId: string,
  ex: PublishedExercise,
  opts: { title?: string; dueAt?: string | null } = {},
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await t.ctx.database.db
    .insertInto("assignments")
    .values({
      id,
      organization_id: orgId,
      class_id: classId,
      exercise_id: ex.exerciseId,
      exercise_version_id: ex.versionId,
      exercise_version: ex.version,
      title: opts.title ?? "Assignment",
      opens_at: null,
      due_at: opts.dueAt ?? null,
      max_attempts: 10,
      feedback: "immediate",
      allow_late: 1,
      shuffle: 0,
      max_score: ex.maxScore,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface ResponseSpec {
  score: number;
  maxScore?: number;
  status?: "correct" | "partial" | "incorrect" | "pending" | "blank";
  itemType?: string;
  response?: unknown;
  normalizedText?: string | null;
  errorCategories?: string[];
  parts?: unknown[];
}

/** A submitted attempt with one graded response per given item; returns its id and the responses' ids by item. */
export async function insertAttempt(
  t: TestApp,
  a: {
    orgId: string;
    classId: string;
    assignmentId: string;
    userId: string;
    submittedAt: string;
    number?: number;
    late?: boolean;
    responses: Record<string, ResponseSpec>;
  },
): Promise<{ attemptId: string; responseIds: Record<string, string> }> {
  const db = t.ctx.database.db;
  const attemptId = newId();
  const specs = Object.entries(a.responses);
  const pending = specs.filter(([, r]) => r.status === "pending").length;
  const score = specs.reduce((s, [, r]) => s + (r.status === "pending" ? 0 : r.score), 0);
  const number =
    a.number ??
    Number(
      (
        await db
          .selectFrom("attempts")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("assignment_id", "=", a.assignmentId)
          .where("user_id", "=", a.userId)
          .executeTakeFirstOrThrow()
      ).n,
    ) + 1;
  await db
    .insertInto("attempts")
    .values({
      id: attemptId,
      organization_id: a.orgId,
      assignment_id: a.assignmentId,
      class_id: a.classId,
      user_id: a.userId,
      number,
      status: "submitted",
      started_at: a.submittedAt,
      submitted_at: a.submittedAt,
      late: a.late ? 1 : 0,
      score,
      max_score: specs.reduce((s, [, r]) => s + (r.maxScore ?? 1), 0),
      pending_count: pending,
      time_on_task_seconds: 60,
      active_seconds: 60,
      updated_at: a.submittedAt,
    })
    .execute();
  const responseIds: Record<string, string> = {};
  for (const [itemId, r] of specs) {
    const id = newId();
    responseIds[itemId] = id;
    await db
      .insertInto("responses")
      .values({
        id,
        organization_id: a.orgId,
        attempt_id: attemptId,
        assignment_id: a.assignmentId,
        user_id: a.userId,
        item_id: itemId,
        item_type: r.itemType ?? "short_answer",
        response: r.response === undefined ? null : JSON.stringify(r.response),
        normalized_text: r.normalizedText ?? null,
        score: r.score,
        max_score: r.maxScore ?? 1,
        status: r.status ?? (r.score > 0 ? "correct" : "incorrect"),
        parts: JSON.stringify(r.parts ?? []),
        feedback: "[]",
        error_categories: JSON.stringify(r.errorCategories ?? []),
        comment: null,
        rubric: null,
        graded_by: null,
        graded_at: null,
        created_at: a.submittedAt,
      })
      .execute();
  }
  return { attemptId, responseIds };
}

/** A teacher's grade as the grading module writes it: the response's score and status, the attempt's total. */
export async function setGrade(t: TestApp, responseId: string, score: number): Promise<void> {
  const db = t.ctx.database.db;
  const r = await db
    .selectFrom("responses")
    .select(["attempt_id", "score", "status", "max_score"])
    .where("id", "=", responseId)
    .executeTakeFirstOrThrow();
  const status = score >= r.max_score ? "correct" : score > 0 ? "partial" : "incorrect";
  await db.updateTable("responses").set({ score, status, graded_at: nowIso() }).where("id", "=", responseId).execute();
  const old = r.status === "pending" ? 0 : r.score;
  const a = await db
    .selectFrom("attempts")
    .select(["score", "pending_count"])
    .where("id", "=", r.attempt_id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("attempts")
    .set({
      score: (a.score ?? 0) - old + score,
      pending_count: Math.max(0, a.pending_count - (r.status === "pending" ? 1 : 0)),
    })
    .where("id", "=", r.attempt_id)
    .execute();
}

/** ISO time `minutes` after a fixed start, so submission order is explicit. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 5, 9, 0, 0) + minutes * 60_000).toISOString();
}
