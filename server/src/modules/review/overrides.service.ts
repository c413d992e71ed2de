/**
 * A teacher's own score for one item of a submitted attempt, with a comment. The automatic result is kept beside
 * it (`auto_score`, `auto_status`), so DELETE returns to it exactly and a later regrade moves only that. Each
 * change is audited and written as `response.graded` (the live statistics and the dashboard follow it) and, when
 * the attempt's score moves, `attempt.regraded` (webhooks and the student's mail).
 */
import type { AppContext } from "../../context.ts";
import type { Trx } from "../../db/types.ts";
import { conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import type { Caller } from "../assignments/assignments.service.ts";
import { lockAttempt } from "../attempts/attempts.repository.ts";
import { attemptView, requireReadableAttempt } from "../attempts/attempts.service.ts";
import { insertGradeHistory, recomputeAttempt } from "../attempts/grading.repository.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import * as repo from "./review.repository.ts";

const statusOf = (score: number, max: number) => (score >= max ? "correct" : score <= 0 ? "incorrect" : "partial");

async function findOwnResponse(trx: Trx, caller: Caller, attemptId: string, itemId: string) {
  await lockAttempt(trx, caller.organizationId, attemptId);
  const attempt = await requireReadableAttempt(trx, caller, attemptId);
  if (attempt.status !== "submitted") throw conflict("not_submitted", "Only submitted work can be given a score.");
  const r = await repo.findItemResponse(trx, caller.organizationId, attemptId, itemId);
  if (!r) throw notFound("item");
  return { attempt, r };
}

async function afterChange(
  trx: Trx,
  caller: Caller,
  actor: AuditActor,
  a: { id: string; assignment_id: string; class_id: string; user_id: string; score: number | null },
  r: { id: string; item_id: string; max_score: number },
  change: { action: string; from: number | null; to: number; comment: string | null },
) {
  const after = await recomputeAttempt(trx, caller.organizationId, a.id);
  await recordAudit(trx, {
    organizationId: caller.organizationId,
    actor,
    action: change.action,
    target: { type: "attempt", id: a.id },
    details: {
      itemId: r.item_id,
      responseId: r.id,
      assignmentId: a.assignment_id,
      userId: a.user_id,
      fromScore: change.from,
      toScore: change.to,
      comment: change.comment,
      attemptScore: { from: a.score, to: after.score },
    },
  });
  const common = { attemptId: a.id, assignmentId: a.assignment_id, classId: a.class_id, userId: a.user_id };
  await writeEvent(trx, {
    organizationId: caller.organizationId,
    type: "response.graded",
    payload: {
      ...common,
      responseId: r.id,
      itemId: r.item_id,
      oldScore: change.from,
      score: change.to,
      maxScore: r.max_score,
      by: caller.userId,
    },
  });
  if (after.score !== (a.score ?? 0)) {
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "attempt.regraded",
      payload: {
        ...common,
        reason: "override",
        oldScore: a.score,
        score: after.score,
        maxScore: after.maxScore,
        pending: after.pending,
      },
    });
  }
}

export async function putOverride(
  ctx: AppContext,
  caller: Caller,
  actor: AuditActor,
  attemptId: string,
  itemId: string,
  input: { score: number; comment: string },
) {
  const dto = await ctx.database.db.transaction().execute(async (trx) => {
    const { attempt, r } = await findOwnResponse(trx, caller, attemptId, itemId);
    if (input.score > r.max_score) {
      throw unprocessable("score_out_of_range", `The score must be between 0 and ${r.max_score}.`, [
        { field: "body.score", message: `must be between 0 and ${r.max_score}` },
      ]);
    }
    if (r.status === "pending" && r.auto_score === null) {
      throw conflict("grade_instead", "This answer waits for a teacher's grade: grade it instead of overriding.");
    }
    const first = r.auto_score === null;
    const at = nowIso();
    await repo.updateResponse(trx, r.id, {
      score: input.score,
      status: statusOf(input.score, r.max_score),
      comment: input.comment || null,
      auto_score: first ? r.score : r.auto_score,
      auto_status: first ? r.status : r.auto_status,
      overridden_by: caller.userId,
      overridden_at: at,
    });
    await insertGradeHistory(trx, {
      organizationId: caller.organizationId,
      responseId: r.id,
      by: caller.userId,
      oldScore: r.score,
      newScore: input.score,
      oldStatus: r.status,
      comment: input.comment || null,
      rubric: r.rubric,
    });
    await afterChange(trx, caller, actor, attempt, r, {
      action: "attempt.override",
      from: r.score,
      to: input.score,
      comment: input.comment || null,
    });
    return attemptView(trx, caller, attemptId);
  });
  notifyEventsWritten();
  return dto;
}

export async function deleteOverride(
  ctx: AppContext,
  caller: Caller,
  actor: AuditActor,
  attemptId: string,
  itemId: string,
) {
  const dto = await ctx.database.db.transaction().execute(async (trx) => {
    const { attempt, r } = await findOwnResponse(trx, caller, attemptId, itemId);
    if (r.auto_score === null || r.auto_status === null) throw notFound("override");
    await repo.updateResponse(trx, r.id, {
      score: r.auto_score,
      status: r.auto_status,
      comment: null,
      auto_score: null,
      auto_status: null,
      overridden_by: null,
      overridden_at: null,
    });
    await insertGradeHistory(trx, {
      organizationId: caller.organizationId,
      responseId: r.id,
      by: caller.userId,
      oldScore: r.score,
      newScore: r.auto_score,
      oldStatus: r.status,
      comment: null,
      rubric: r.rubric,
    });
    await afterChange(trx, caller, actor, attempt, r, {
      action: "attempt.override_removed",
      from: r.score,
      to: r.auto_score,
      comment: null,
    });
    return attemptView(trx, caller, attemptId);
  });
  notifyEventsWritten();
  return dto;
}
