import type { ExpressionBuilder, Insertable, Kysely, Selectable } from "kysely";
import { prepareInsert, prepareStatement } from "../../db/prepared.ts";
import type { AttemptsTable, ResponsesTable } from "../../db/tables/classes.tables.ts";
import type { DB, Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export type AttemptRow = Selectable<AttemptsTable>;
export type ResponseRow = Selectable<ResponsesTable>;

/**
 * An attempt's score once it is fully graded, else null: while an essay waits for its teacher it counts 0 in the
 * score so far, which is not the attempt's score yet. For aggregates over `attempts` (the gradebook's best score,
 * the dashboard's averages).
 */
export function gradedScore(eb: ExpressionBuilder<DB, "attempts">) {
  return eb.case().when("pending_count", "=", 0).then(eb.ref("score")).else(null).end();
}

/**
 * An attempt with what its rules need from its assignment. Compiled once (db/prepared.ts): every start, autosave
 * and submit reads it.
 */
const attemptWithAssignment = prepareStatement(["org", "id"], (db: Kysely<DB>, v) =>
  db
    .selectFrom("attempts as t")
    .innerJoin("assignments as a", "a.id", "t.assignment_id")
    // Whether the attempt's student is still in the class: a student taken out of it keeps their results but
    // may not go on writing in an attempt they had started.
    .leftJoin("class_students as cs", (j) =>
      j.onRef("cs.class_id", "=", "t.class_id").onRef("cs.user_id", "=", "t.user_id"),
    )
    // The student's own later due date or extra attempts, if a teacher gave them one.
    .leftJoin("assignment_extensions as ae", (j) =>
      j.onRef("ae.assignment_id", "=", "t.assignment_id").onRef("ae.user_id", "=", "t.user_id"),
    )
    .selectAll("t")
    .select([
      "a.exercise_version_id",
      "a.opens_at",
      "a.due_at",
      "a.allow_late",
      "a.shuffle",
      "a.feedback",
      "a.max_attempts",
      "a.review_when",
      "a.review_show",
      "cs.user_id as enrolled_user_id",
      "ae.due_at as extension_due_at",
      "ae.extra_attempts as extension_extra_attempts",
    ])
    .where("t.organization_id", "=", v.org)
    .where("t.id", "=", v.id),
);

export async function findAttempt(db: Executor, organizationId: string, attemptId: string) {
  const { rows } = await attemptWithAssignment(db, { org: organizationId, id: attemptId });
  return rows[0];
}
export type AttemptWithAssignment = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

/**
 * Takes the attempt's row lock for the rest of the transaction (PostgreSQL, MySQL; SQLite runs one writer at a
 * time anyway). Everything that changes an attempt starts with it, so a submit and an autosave, or two grades,
 * never interleave. On MySQL it also comes before the first read, so that read sees every earlier commit.
 */
export async function lockAttempt(db: Executor, organizationId: string, attemptId: string) {
  await touchAttempt(db, { now: nowIso(), org: organizationId, id: attemptId });
}
const touchAttempt = prepareStatement(["now", "org", "id"], (db: Kysely<DB>, v) =>
  db.updateTable("attempts").set({ updated_at: v.now }).where("organization_id", "=", v.org).where("id", "=", v.id),
);

export async function findOpenAttempt(db: Executor, organizationId: string, assignmentId: string, userId: string) {
  return db
    .selectFrom("attempts")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("user_id", "=", userId)
    .where("status", "=", "in_progress")
    .executeTakeFirst();
}

/**
 * The user's attempts on the assignment, in one statement: the open one and the count must come from the same
 * snapshot, or (PostgreSQL reads each statement afresh) a concurrent start could slip between them and make a
 * second open attempt with the next number.
 */
export async function attemptsOf(db: Executor, organizationId: string, assignmentId: string, userId: string) {
  const rows = await db
    .selectFrom("attempts")
    .select(["id", "status", "number"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("user_id", "=", userId)
    .execute();
  return {
    open: rows.find((r) => r.status === "in_progress"),
    count: rows.length,
    last: rows.reduce((m, r) => Math.max(m, r.number), 0),
  };
}

export async function insertAttempt(db: Executor, row: Insertable<AttemptsTable>) {
  await db.insertInto("attempts").values(row).execute();
}

/** Marks the attempt submitted with its score; false when it was not in progress any more. */
export async function markSubmitted(
  db: Executor,
  organizationId: string,
  attemptId: string,
  s: {
    submittedAt: string;
    late: boolean;
    score: number;
    maxScore: number;
    pending: number;
    timeOnTask: number;
    active: number | null;
    /** The version graded with (a regrade's bookkeeping); null reads as "not known, regrade it". */
    gradedVersionId?: string | null;
  },
): Promise<boolean> {
  const res = await submitAttemptRow(db, {
    at: s.submittedAt,
    late: s.late ? 1 : 0,
    score: s.score,
    max: s.maxScore,
    pending: s.pending,
    time: s.timeOnTask,
    active: s.active,
    version: s.gradedVersionId ?? null,
    org: organizationId,
    id: attemptId,
  });
  return Number(res.numAffectedRows) === 1;
}
const submitAttemptRow = prepareStatement(
  ["at", "late", "score", "max", "pending", "time", "active", "version", "org", "id"],
  (db: Kysely<DB>, v) =>
    db
      .updateTable("attempts")
      .set({
        status: "submitted",
        submitted_at: v.at,
        late: v.late as never,
        score: v.score as never,
        max_score: v.max as never,
        pending_count: v.pending as never,
        time_on_task_seconds: v.time as never,
        active_seconds: v.active as never,
        updated_at: v.at,
        graded_version_id: v.version,
      })
      .where("organization_id", "=", v.org)
      .where("id", "=", v.id)
      .where("status", "=", "in_progress"),
);

// ---- autosaved drafts ----

const draftsOf = prepareStatement(["id"], (db: Kysely<DB>, v) =>
  db.selectFrom("attempt_drafts").select(["item_id", "response"]).where("attempt_id", "=", v.id),
);
export async function listDrafts(db: Executor, attemptId: string) {
  return (await draftsOf(db, { id: attemptId })).rows;
}

/** Insert or replace one item's draft (portable: no engine-specific upsert). */
export async function saveDraft(db: Executor, organizationId: string, attemptId: string, itemId: string, json: string) {
  const now = nowIso();
  const exists = await db
    .selectFrom("attempt_drafts")
    .select("item_id")
    .where("attempt_id", "=", attemptId)
    .where("item_id", "=", itemId)
    .executeTakeFirst();
  if (exists) {
    await db
      .updateTable("attempt_drafts")
      .set({ response: json, updated_at: now })
      .where("attempt_id", "=", attemptId)
      .where("item_id", "=", itemId)
      .execute();
  } else {
    await db
      .insertInto("attempt_drafts")
      .values({
        attempt_id: attemptId,
        item_id: itemId,
        organization_id: organizationId,
        response: json,
        updated_at: now,
      })
      .execute();
  }
}

export async function deleteDrafts(db: Executor, attemptId: string) {
  await db.deleteFrom("attempt_drafts").where("attempt_id", "=", attemptId).execute();
}

// ---- graded responses ----

/** Every column of a response row, in the order the prepared INSERT binds them. */
const RESPONSE_COLUMNS = [
  "id",
  "organization_id",
  "attempt_id",
  "assignment_id",
  "user_id",
  "item_id",
  "item_type",
  "response",
  "normalized_text",
  "score",
  "max_score",
  "status",
  "parts",
  "feedback",
  "error_categories",
  "comment",
  "rubric",
  "graded_by",
  "graded_at",
  "created_at",
  "auto_score",
  "auto_status",
  "overridden_by",
  "overridden_at",
] as const satisfies readonly (keyof ResponsesTable)[];
// Every column, so that a column added to the table later cannot be left out of the insert unnoticed.
const everyColumn: Exclude<keyof ResponsesTable, (typeof RESPONSE_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;
const insertResponseRows = prepareInsert<DB, "responses">("responses", RESPONSE_COLUMNS);

/** An attempt's responses in one multi-row statement (per 100 rows), its SQL built once. */
export async function insertResponses(db: Executor, rows: Insertable<ResponsesTable>[]) {
  await insertResponseRows(db, rows);
}

export async function listResponses(db: Executor, organizationId: string, attemptId: string): Promise<ResponseRow[]> {
  return db
    .selectFrom("responses")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("attempt_id", "=", attemptId)
    .execute();
}

/**
 * Submitted attempts of these assignments, oldest first (one query for all of them): the pooled attempts of a
 * version comparison and the outcomes and pre-tests of an experiment (whose callers keep each student's first).
 */
export async function submittedAttemptsOf(db: Executor, organizationId: string, assignmentIds: string[]) {
  if (!assignmentIds.length) return [];
  return db
    .selectFrom("attempts")
    .select(["id", "assignment_id", "user_id", "score", "max_score", "pending_count", "submitted_at"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "in", assignmentIds)
    .where("status", "=", "submitted")
    .orderBy("submitted_at")
    .orderBy("id")
    .execute();
}

/** The teacher's list of an assignment's attempts, newest first, with each student. */
export async function listAttemptsOfAssignment(
  db: Executor,
  organizationId: string,
  assignmentId: string,
  opts: { limit: number; before?: string },
) {
  let q = db
    .selectFrom("attempts as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .selectAll("t")
    .select(["u.name as user_name", "u.email as user_email"])
    .where("t.organization_id", "=", organizationId)
    .where("t.assignment_id", "=", assignmentId);
  if (opts.before) q = q.where("t.id", "<", opts.before);
  return q.orderBy("t.id", "desc").limit(opts.limit).execute();
}
