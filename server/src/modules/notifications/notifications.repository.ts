/**
 * SQL of the notifications: the once-only guards (sent_mails, sent_reminders) and the lookups that turn an event
 * into recipients. Every lookup is scoped by the event's organization.
 */
import { isUniqueViolation } from "../../db/dialect.ts";
import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export interface Recipient {
  userId: string;
  email: string;
  name: string;
}

/**
 * Claims (key, recipient) before sending: true when this caller may send. A row left `sending` by a crash is never
 * retried, because the message may have gone out: at most once beats twice for mail.
 */
export async function claimMail(db: Executor, key: string, recipient: string, template: string): Promise<boolean> {
  try {
    await db
      .insertInto("sent_mails")
      .values({ event_id: key, recipient, template, status: "sending", created_at: nowIso(), sent_at: null })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function markMailSent(db: Executor, key: string, recipient: string): Promise<void> {
  await db
    .updateTable("sent_mails")
    .set({ status: "sent", sent_at: nowIso() })
    .where("event_id", "=", key)
    .where("recipient", "=", recipient)
    .execute();
}

/** Gives a claim back after a failed send, so that the retry sends it. */
export async function releaseMail(db: Executor, key: string, recipient: string): Promise<void> {
  await db
    .deleteFrom("sent_mails")
    .where("event_id", "=", key)
    .where("recipient", "=", recipient)
    .where("status", "=", "sending")
    .execute();
}

export async function organizationName(db: Executor, organizationId: string): Promise<string | null> {
  const row = await db.selectFrom("organizations").select("name").where("id", "=", organizationId).executeTakeFirst();
  return row?.name ?? null;
}

export async function className(db: Executor, organizationId: string, classId: string): Promise<string | null> {
  const row = await db
    .selectFrom("classes")
    .select("name")
    .where("organization_id", "=", organizationId)
    .where("id", "=", classId)
    .executeTakeFirst();
  return row?.name ?? null;
}

export async function organizationAdmins(db: Executor, organizationId: string): Promise<Recipient[]> {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id as userId", "u.email", "u.name"])
    .where("m.organization_id", "=", organizationId)
    .where("m.role", "in", ["owner", "admin"])
    .orderBy("u.id")
    .execute();
}

/** An assignment with its class, if both still exist. */
export async function assignmentWithClass(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("assignments as a")
    .innerJoin("classes as c", (j) =>
      j.onRef("c.id", "=", "a.class_id").onRef("c.organization_id", "=", "a.organization_id"),
    )
    .select(["a.id", "a.title", "a.due_at", "a.class_id", "c.name as class_name"])
    .where("a.organization_id", "=", organizationId)
    .where("a.id", "=", assignmentId)
    .where("c.deleted_at", "is", null)
    .executeTakeFirst();
}

export async function classStudents(db: Executor, organizationId: string, classId: string): Promise<Recipient[]> {
  return db
    .selectFrom("class_students as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["u.id as userId", "u.email", "u.name"])
    .where("s.organization_id", "=", organizationId)
    .where("s.class_id", "=", classId)
    .orderBy("u.id")
    .execute();
}

/** A submitted attempt with its student, its assignment's title, and the teacher comments on its essays. */
export async function gradedAttempt(db: Executor, organizationId: string, attemptId: string) {
  const attempt = await db
    .selectFrom("attempts as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .innerJoin("assignments as a", (j) =>
      j.onRef("a.id", "=", "t.assignment_id").onRef("a.organization_id", "=", "t.organization_id"),
    )
    .select([
      "t.id",
      "t.status",
      "t.score",
      "t.max_score",
      "t.pending_count",
      "u.id as userId",
      "u.email",
      "u.name",
      "a.title",
      "a.feedback",
      "a.review_when",
      "a.review_show",
      "a.due_at",
    ])
    .where("t.organization_id", "=", organizationId)
    .where("t.id", "=", attemptId)
    .executeTakeFirst();
  if (!attempt) return null;
  const essays = await db
    .selectFrom("responses")
    .select(["comment", "graded_by"])
    .where("organization_id", "=", organizationId)
    .where("attempt_id", "=", attemptId)
    .where("item_type", "=", "essay")
    .orderBy("item_id")
    .execute();
  return { ...attempt, essays };
}

/**
 * Students to remind, over all organizations: assignments open now and due within the lead time, students of the
 * class with no submitted attempt, not reminded before. One query, however many classes.
 */
export async function studentsToRemind(db: Executor, now: string, until: string, limit: number) {
  return db
    .selectFrom("assignments as a")
    .innerJoin("classes as c", (j) =>
      j.onRef("c.id", "=", "a.class_id").onRef("c.organization_id", "=", "a.organization_id"),
    )
    .innerJoin("class_students as s", (j) =>
      j.onRef("s.class_id", "=", "a.class_id").onRef("s.organization_id", "=", "a.organization_id"),
    )
    .innerJoin("users as u", "u.id", "s.user_id")
    .leftJoin("sent_reminders as r", (j) =>
      j.onRef("r.assignment_id", "=", "a.id").onRef("r.student_id", "=", "s.user_id"),
    )
    .select([
      "a.id as assignmentId",
      "a.organization_id as organizationId",
      "a.title",
      "a.due_at as dueAt",
      "c.name as className",
      "u.id as userId",
      "u.email",
      "u.name",
    ])
    .where("a.due_at", ">", now)
    .where("a.due_at", "<=", until)
    .where((eb) => eb.or([eb("a.opens_at", "is", null), eb("a.opens_at", "<=", now)]))
    .where("c.deleted_at", "is", null)
    .where("r.assignment_id", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("attempts as t")
            .select("t.id")
            .whereRef("t.assignment_id", "=", "a.id")
            .whereRef("t.organization_id", "=", "a.organization_id")
            .whereRef("t.user_id", "=", "s.user_id")
            .where("t.status", "=", "submitted"),
        ),
      ),
    )
    .orderBy("a.due_at")
    .orderBy("u.id")
    .limit(limit)
    .execute();
}

export async function claimReminder(db: Executor, organizationId: string, assignmentId: string, studentId: string) {
  try {
    await db
      .insertInto("sent_reminders")
      .values({
        assignment_id: assignmentId,
        student_id: studentId,
        organization_id: organizationId,
        sent_at: nowIso(),
      })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function releaseReminder(db: Executor, assignmentId: string, studentId: string) {
  await db
    .deleteFrom("sent_reminders")
    .where("assignment_id", "=", assignmentId)
    .where("student_id", "=", studentId)
    .execute();
}

/** Forgets sent mail and reminders older than `before`: redeliveries stop within days, due dates pass. */
export async function pruneSent(db: Executor, before: string): Promise<void> {
  await db.deleteFrom("sent_mails").where("created_at", "<", before).execute();
  await db.deleteFrom("sent_reminders").where("sent_at", "<", before).execute();
}

/** Rewrites an event's stored payload (a token removed once its mail is sent). */
export async function replaceEventPayload(db: Executor, eventId: string, payload: string): Promise<void> {
  await db.updateTable("events").set({ payload }).where("id", "=", eventId).execute();
}
