/**
 * Submitting an attempt: merge the body's responses over the autosaved ones, grade every item with the domain's
 * `grade()`, store one response row per item, score the attempt and write `attempt.submitted` — all in one
 * transaction, behind an idempotency key. Nothing is graded or stored twice: the key's primary key admits one
 * request per key, the attempt's row lock and its status admit one submission per attempt, and the unique
 * (attempt, item) index admits one response per item.
 */
import {
  type Exercise,
  type GradeResult,
  grade,
  type Item,
  normalizedTextOf,
  type Response,
  responseProblem,
} from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { AppError, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { loadVersionContent } from "../assignments/versions.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { presentAttempt } from "./attempts.presenter.ts";
import * as repo from "./attempts.repository.ts";
import {
  alreadySubmitted,
  type Caller,
  notOpen,
  pastDue,
  requireOwner,
  requireReadableAttempt,
  viewerOf,
} from "./attempts.service.ts";
import * as keys from "./idempotency.ts";

export interface SubmitBody {
  responses?: Record<string, Response>;
  /** Seconds the client saw the student active (optional; capped by the wall-clock time). */
  activeSeconds?: number;
}

/** Refuses unknown items and malformed responses before anything changes. */
function checkResponses(exercise: Exercise, responses: Record<string, Response>) {
  const problems: { field: string; message: string }[] = [];
  for (const [itemId, response] of Object.entries(responses)) {
    const item = exercise.items.find((it) => it.id === itemId);
    const problem = item ? responseProblem(item, response) : "no such item in this exercise";
    if (problem) problems.push({ field: `body.responses.${itemId}`, message: problem });
  }
  if (problems.length) throw unprocessable("invalid_response", "Some responses do not fit their items.", problems);
}

/** `grade()` is pure and total, but a bug in it must not lose a submission: such an item waits for the teacher. */
export function safeGrade(item: Item, response: Response | undefined, ctx: AppContext): GradeResult {
  try {
    return grade(item, response);
  } catch (err) {
    ctx.logger.error({ err, itemId: item.id, type: item.type }, "grading failed; left for the teacher");
    return { score: 0, maxScore: item.points ?? 1, status: "pending", feedback: [], parts: [] };
  }
}

async function gradeAndStore(
  ctx: AppContext,
  caller: Caller & { userId: string },
  attemptId: string,
  body: SubmitBody,
  key: { userId: string; key: string },
) {
  return ctx.database.db.transaction().execute(async (trx) => {
    await repo.lockAttempt(trx, caller.organizationId, attemptId);
    const attempt = await requireReadableAttempt(trx, caller, attemptId);
    requireOwner(caller, attempt);
    if (attempt.status !== "in_progress") throw alreadySubmitted();
    const now = nowIso();
    if (attempt.opens_at && now < attempt.opens_at) throw notOpen();
    // A student's extension moves their own due date.
    const dueAt = attempt.extension_due_at ?? attempt.due_at;
    const late = !!dueAt && now > dueAt;
    if (late && attempt.allow_late !== 1) throw pastDue();

    const exercise = await loadVersionContent(trx, caller.organizationId, attempt.exercise_version_id);
    checkResponses(exercise, body.responses ?? {});
    const merged: Record<string, Response> = {};
    const drafts = await repo.listDrafts(trx, attemptId);
    for (const d of drafts) merged[d.item_id] = JSON.parse(d.response) as Response;
    Object.assign(merged, body.responses ?? {});

    const rows: repo.ResponseRow[] = [];
    for (const item of exercise.items) {
      if (item.type === "description" || !item.id) continue;
      const response = merged[item.id];
      const result = safeGrade(item, response, ctx);
      rows.push({
        id: newId(),
        organization_id: caller.organizationId,
        attempt_id: attemptId,
        assignment_id: attempt.assignment_id,
        user_id: attempt.user_id,
        item_id: item.id,
        item_type: item.type,
        response: response ? JSON.stringify(response) : null,
        normalized_text: normalizedTextOf(item, response),
        score: result.score,
        max_score: result.maxScore,
        status: result.status,
        parts: JSON.stringify(result.parts),
        feedback: JSON.stringify(result.feedback),
        error_categories: JSON.stringify(result.parts.flatMap((p) => p.errors.map((e) => e.category))),
        comment: null,
        rubric: null,
        graded_by: null,
        graded_at: null,
        created_at: now,
        auto_score: null,
        auto_status: null,
        overridden_by: null,
        overridden_at: null,
      });
    }
    const score = Math.round(rows.reduce((s, r) => s + r.score, 0) * 1e6) / 1e6;
    const maxScore = rows.reduce((s, r) => s + r.max_score, 0);
    const pending = rows.filter((r) => r.status === "pending").length;
    const timeOnTask = Math.max(0, Math.round((Date.parse(now) - Date.parse(attempt.started_at)) / 1000));
    const active = body.activeSeconds === undefined ? null : Math.min(body.activeSeconds, timeOnTask);

    if (
      !(await repo.markSubmitted(trx, caller.organizationId, attemptId, {
        submittedAt: now,
        late,
        score,
        maxScore,
        pending,
        timeOnTask,
        active,
        gradedVersionId: attempt.exercise_version_id,
      }))
    ) {
      throw alreadySubmitted();
    }
    await repo.insertResponses(trx, rows);
    // The drafts were read under the attempt's lock: none then means none now, and no statement is needed.
    if (drafts.length) await repo.deleteDrafts(trx, attemptId);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "attempt.submitted",
      payload: {
        attemptId,
        assignmentId: attempt.assignment_id,
        classId: attempt.class_id,
        userId: attempt.user_id,
        number: attempt.number,
        score,
        maxScore,
        pending,
        late,
        timeOnTaskSeconds: timeOnTask,
        activeSeconds: active,
      },
    });
    // The view from what was just written (the attempt as markSubmitted left it, the response rows): reading
    // them back would cost two queries and parse the JSON just made.
    const submitted: repo.AttemptWithAssignment = {
      ...attempt,
      status: "submitted",
      submitted_at: now,
      late: late ? 1 : 0,
      score,
      max_score: maxScore,
      pending_count: pending,
      time_on_task_seconds: timeOnTask,
      active_seconds: active,
      updated_at: now,
      graded_version_id: attempt.exercise_version_id,
    };
    const dto = presentAttempt(submitted, exercise, { drafts: [], responses: rows }, viewerOf(caller), now);
    // Serialized once: the same text is stored for replays and sent as the answer.
    const json = JSON.stringify(dto);
    await keys.finishKey(trx, key, 200, dto, json);
    return { dto, json };
  });
}

/**
 * Submits behind the idempotency key. Returns what to answer (a replay included); throws the AppError to answer
 * otherwise (a replayed error included).
 */
export async function submitAttempt(
  ctx: AppContext,
  caller: Caller & { userId: string },
  attemptId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<{ statusCode: number; body: unknown; json?: string }> {
  const key = { userId: caller.userId, key: idempotencyKey };
  const claim = await keys.claimKey(ctx.database.db, {
    ...key,
    organizationId: caller.organizationId,
    requestHash: keys.requestHash(`${caller.organizationId}/attempts/${attemptId}/submit`, body),
  });
  if (claim.kind === "replay") {
    if (claim.statusCode >= 400) throw keys.replayError(claim.statusCode, claim.body);
    return { statusCode: claim.statusCode, body: claim.body };
  }
  try {
    const { dto, json } = await gradeAndStore(ctx, caller, attemptId, body, key);
    notifyEventsWritten();
    return { statusCode: 200, body: dto, json };
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500 && err.statusCode !== 429) {
      // A refusal is the request's answer too: the same key and body get it again, never a second try. When the
      // key already holds an answer, this request took over from one that was not dead after all and finished
      // first (it then finds the attempt submitted): that answer is the one to give.
      if (!(await keys.finishKey(ctx.database.db, key, err.statusCode, keys.storedError(err)))) {
        const stored = await keys.storedAnswer(ctx.database.db, key);
        if (stored && stored.statusCode < 400) return stored;
        if (stored) throw keys.replayError(stored.statusCode, stored.body);
      }
    } else {
      await keys.releaseKey(ctx.database.db, key).catch(() => undefined);
    }
    throw err;
  }
}
