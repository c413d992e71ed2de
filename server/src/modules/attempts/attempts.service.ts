/**
 * Attempts before submit: starting one (or getting back the open one), reading it, autosaving responses, and the
 * teacher's list. Submitting lives in submit.service.ts; teacher grading in grading.service.ts.
 */
import { type Response, responseProblem } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import type { Executor } from "../../db/types.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { conflict, forbidden, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { type Caller, isStaff, requireVisibleAssignment } from "../assignments/assignments.service.ts";
import { loadVersionContent } from "../assignments/versions.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { findExtension } from "../review/extensions.repository.ts";
import { presentAttempt, presentAttemptSummary } from "./attempts.presenter.ts";
import * as repo from "./attempts.repository.ts";

export type { Caller };

export const notOpen = () => conflict("not_open", "This assignment is not open yet.");
export const pastDue = () => conflict("past_due", "The due date has passed and late work is not accepted.");
export const alreadySubmitted = () => conflict("already_submitted", "This attempt has already been submitted.");

/**
 * The attempt if the caller may read it: its student, or the organization's staff. Another student gets 404, as
 * if it did not exist.
 */
export async function requireReadableAttempt(db: Executor, caller: Caller, attemptId: string) {
  const attempt = await repo.findAttempt(db, caller.organizationId, attemptId);
  if (!attempt) throw notFound("attempt");
  if (!isStaff(caller.role) && attempt.user_id !== caller.userId) throw notFound("attempt");
  return attempt;
}

/**
 * Only the student who owns it changes an attempt, and only while they are in the class; staff may read it but get
 * 403 on changes. A student taken out of the class gets 404, as for the class's assignments.
 */
export function requireOwner(caller: Caller, attempt: { user_id: string; enrolled_user_id: string | null }) {
  if (attempt.user_id !== caller.userId) throw forbidden("Only the student who started this attempt can change it.");
  if (attempt.enrolled_user_id === null) throw notFound("attempt");
}

export const viewerOf = (caller: Caller) => (isStaff(caller.role) ? "staff" : "student");

async function view(db: Executor, caller: Caller, attempt: repo.AttemptWithAssignment) {
  const exercise = await loadVersionContent(db, caller.organizationId, attempt.exercise_version_id);
  const submitted = attempt.status === "submitted";
  const drafts = submitted ? [] : await repo.listDrafts(db, attempt.id);
  const responses = submitted ? await repo.listResponses(db, caller.organizationId, attempt.id) : [];
  return presentAttempt(attempt, exercise, { drafts, responses }, viewerOf(caller));
}

/** The attempt as this caller may see it (used after changes, inside their transaction). */
export async function attemptView(db: Executor, caller: Caller, attemptId: string) {
  return view(db, caller, await requireReadableAttempt(db, caller, attemptId));
}

/**
 * Starts an attempt, or returns the open one (200) so that a double click or a second tab never creates two.
 * Two concurrent starts collide on the unique (assignment, user, number): the loser returns the winner's attempt.
 */
export async function startAttempt(ctx: AppContext, caller: Caller, assignmentId: string) {
  const db = ctx.database.db;
  try {
    const result = await db.transaction().execute(async (trx) => {
      const a = await requireVisibleAssignment(trx, caller, assignmentId);
      if (isStaff(caller.role) || !caller.userId) throw forbidden("Only the class's students take assignments.");
      const userId = caller.userId;
      const used = await repo.attemptsOf(trx, caller.organizationId, assignmentId, userId);
      if (used.open) return { created: false, dto: await attemptView(trx, caller, used.open.id) };
      const now = nowIso();
      if (a.archived_at) throw conflict("archived", "This assignment was archived: it takes no new attempts.");
      // A teacher's extension for this student: a later due date, extra attempts.
      const ext = await findExtension(trx, caller.organizationId, a.id, userId);
      const dueAt = ext?.due_at ?? a.due_at;
      const allowed = a.max_attempts + (ext?.extra_attempts ?? 0);
      if (a.opens_at && now < a.opens_at) throw notOpen();
      if (dueAt && now > dueAt && a.allow_late !== 1) throw pastDue();
      if (used.count >= allowed) {
        throw conflict("max_attempts_reached", `This assignment allows ${allowed} attempt(s); all are used.`);
      }
      const id = newId();
      const row: repo.AttemptRow = {
        id,
        organization_id: caller.organizationId,
        assignment_id: a.id,
        class_id: a.class_id,
        user_id: userId,
        number: used.last + 1,
        status: "in_progress",
        started_at: now,
        submitted_at: null,
        late: 0,
        score: null,
        max_score: a.max_score,
        pending_count: 0,
        time_on_task_seconds: null,
        active_seconds: null,
        updated_at: now,
        graded_version_id: null,
      };
      await repo.insertAttempt(trx, row);
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "attempt.started",
        payload: { attemptId: id, assignmentId: a.id, classId: a.class_id, userId, number: used.last + 1 },
      });
      // The view from the row just written: a new attempt has no drafts, and reading it back would only repeat it.
      const exercise = await loadVersionContent(trx, caller.organizationId, a.exercise_version_id);
      const attempt: repo.AttemptWithAssignment = {
        ...row,
        exercise_version_id: a.exercise_version_id,
        opens_at: a.opens_at,
        due_at: a.due_at,
        allow_late: a.allow_late,
        shuffle: a.shuffle,
        feedback: a.feedback,
        max_attempts: a.max_attempts,
        review_when: a.review_when,
        review_show: a.review_show,
        enrolled_user_id: userId,
        extension_due_at: ext?.due_at ?? null,
        extension_extra_attempts: ext?.extra_attempts ?? null,
      };
      const dto = presentAttempt(attempt, exercise, { drafts: [], responses: [] }, viewerOf(caller), now);
      return { created: true, dto };
    });
    if (result.created) notifyEventsWritten();
    return result;
  } catch (err) {
    if (!isUniqueViolation(err) || !caller.userId) throw err;
    const open = await repo.findOpenAttempt(db, caller.organizationId, assignmentId, caller.userId);
    if (!open) throw err;
    return { created: false, dto: await attemptView(db, caller, open.id) };
  }
}

export async function getAttempt(ctx: AppContext, caller: Caller, attemptId: string) {
  return attemptView(ctx.database.db, caller, attemptId);
}

/** Autosave of one item's response while the attempt is open. */
export async function saveResponse(
  ctx: AppContext,
  caller: Caller,
  attemptId: string,
  itemId: string,
  response: Response,
) {
  const savedAt = await ctx.database.db.transaction().execute(async (trx) => {
    await repo.lockAttempt(trx, caller.organizationId, attemptId);
    const attempt = await requireReadableAttempt(trx, caller, attemptId);
    requireOwner(caller, attempt);
    if (attempt.status !== "in_progress") throw alreadySubmitted();
    const exercise = await loadVersionContent(trx, caller.organizationId, attempt.exercise_version_id);
    const item = exercise.items.find((it) => it.id === itemId);
    if (!item) throw notFound("item");
    const problem = responseProblem(item, response);
    if (problem) {
      throw unprocessable("invalid_response", `This response does not fit a ${item.type} item: ${problem}.`, [
        { field: "body.response", message: problem },
      ]);
    }
    await repo.saveDraft(trx, caller.organizationId, attemptId, itemId, JSON.stringify(response));
    return nowIso();
  });
  return { itemId, savedAt };
}

const isIdCursor = (v: unknown): v is string => typeof v === "string";

export async function listAttempts(
  ctx: AppContext,
  caller: Caller,
  assignmentId: string,
  q: { limit: number; cursor?: string },
) {
  const before = decodeCursor(q.cursor, isIdCursor);
  await requireVisibleAssignment(ctx.database.read, caller, assignmentId);
  const rows = await repo.listAttemptsOfAssignment(ctx.database.read, caller.organizationId, assignmentId, {
    limit: q.limit + 1,
    before,
  });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  return { items: kept.map(presentAttemptSummary), nextCursor };
}
