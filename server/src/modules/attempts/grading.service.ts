/**
 * Teacher grading: the queue of responses waiting for a teacher (essays), and setting a response's score. The
 * attempt's score is then recomputed from its responses, so it is always the sum of its item scores; every grade
 * is kept in response_grades (who, when, old → new), since a grade can be changed.
 */
import type { GradingQueueEntryDto, ResponseGradeDto } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { notFound, unprocessable } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { requireVisibleAssignment } from "../assignments/assignments.service.ts";
import { loadVersionContent } from "../assignments/versions.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import type { Caller } from "./attempts.service.ts";
import * as repo from "./grading.repository.ts";

type Rubric = { criterion: string; points: number }[];
const isIdCursor = (v: unknown): v is string => typeof v === "string";

export async function gradingQueue(
  ctx: AppContext,
  caller: Caller,
  assignmentId: string,
  q: { limit: number; cursor?: string; status: "pending" | "graded" },
) {
  const after = decodeCursor(q.cursor, isIdCursor);
  const db = ctx.database.read;
  const a = await requireVisibleAssignment(db, caller, assignmentId);
  const exercise = await loadVersionContent(db, caller.organizationId, a.exercise_version_id);
  const rows = await repo.listQueue(db, caller.organizationId, assignmentId, {
    limit: q.limit + 1,
    after,
    status: q.status,
  });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  const items: GradingQueueEntryDto[] = kept.map((r) => {
    const item = exercise.items.find((it) => it.id === r.item_id);
    const response = r.response ? (JSON.parse(r.response) as { text?: unknown }) : {};
    return {
      responseId: r.id,
      attemptId: r.attempt_id,
      itemId: r.item_id,
      student: { id: r.user_id, name: r.user_name, email: r.user_email },
      prompt: item?.prompt ?? "",
      text: typeof response.text === "string" ? response.text : JSON.stringify(response),
      maxScore: r.max_score,
      rubric: item?.type === "essay" ? (item.rubric ?? []) : [],
      score: r.status === "pending" ? null : r.score,
      comment: r.comment,
      submittedAt: r.submitted_at ?? "",
    };
  });
  return { items, nextCursor };
}

function checkRubric(given: Rubric | undefined, expected: Rubric) {
  if (!given) return;
  const problems: { field: string; message: string }[] = [];
  given.forEach((g, i) => {
    const criterion = expected.find((e) => e.criterion === g.criterion);
    if (expected.length && !criterion)
      problems.push({ field: `body.rubric.${i}.criterion`, message: "not in the item's rubric" });
    else if (criterion && g.points > criterion.points) {
      problems.push({ field: `body.rubric.${i}.points`, message: `must be at most ${criterion.points}` });
    }
  });
  if (problems.length) throw unprocessable("invalid_rubric", "The rubric does not fit the item's criteria.", problems);
}

export async function gradeResponse(
  ctx: AppContext,
  caller: Caller,
  responseId: string,
  input: { score: number; comment?: string; rubric?: Rubric },
): Promise<ResponseGradeDto> {
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    // Two teachers grading two essays of one attempt must not both recompute from a stale sum.
    await repo.lockAttemptOfResponse(trx, caller.organizationId, responseId);
    const r = await repo.findResponse(trx, caller.organizationId, responseId);
    if (!r) throw notFound("response");
    if (input.score > r.max_score) {
      throw unprocessable("score_out_of_range", `The score must be between 0 and ${r.max_score}.`, [
        { field: "body.score", message: `must be between 0 and ${r.max_score}` },
      ]);
    }
    const a = await requireVisibleAssignment(trx, caller, r.assignment_id);
    const exercise = await loadVersionContent(trx, caller.organizationId, a.exercise_version_id);
    const item = exercise.items.find((it) => it.id === r.item_id);
    checkRubric(input.rubric, item?.type === "essay" ? (item.rubric ?? []) : []);

    const at = nowIso();
    const status = input.score >= r.max_score ? "correct" : input.score <= 0 ? "incorrect" : "partial";
    // A re-grade that says nothing of the comment or rubric keeps them; an empty comment clears it.
    const comment = input.comment === undefined ? r.comment : input.comment || null;
    const rubric = input.rubric ? JSON.stringify(input.rubric) : r.rubric;
    await repo.setGrade(trx, r.id, {
      score: input.score,
      status,
      comment,
      rubric,
      by: caller.userId,
      at,
    });
    await repo.insertGradeHistory(trx, {
      organizationId: caller.organizationId,
      responseId: r.id,
      by: caller.userId,
      oldScore: r.status === "pending" ? null : r.score,
      newScore: input.score,
      oldStatus: r.status,
      comment,
      rubric,
    });
    const attempt = await repo.recomputeAttempt(trx, caller.organizationId, r.attempt_id);
    const common = { attemptId: r.attempt_id, assignmentId: r.assignment_id, userId: r.user_id };
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "response.graded",
      payload: {
        ...common,
        responseId: r.id,
        itemId: r.item_id,
        oldScore: r.status === "pending" ? null : r.score,
        score: input.score,
        maxScore: r.max_score,
        by: caller.userId,
      },
    });
    if (attempt.pending === 0) {
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "attempt.graded",
        payload: { ...common, score: attempt.score, maxScore: attempt.maxScore },
      });
    }
    return {
      responseId: r.id,
      attemptId: r.attempt_id,
      itemId: r.item_id,
      score: input.score,
      maxScore: r.max_score,
      status,
      comment,
      rubric: rubric ? (JSON.parse(rubric) as Rubric) : null,
      gradedBy: caller.userId,
      gradedAt: at,
      attempt: { score: attempt.score, maxScore: attempt.maxScore, pendingReview: attempt.pending > 0 },
    } satisfies ResponseGradeDto;
  });
  notifyEventsWritten();
  return result;
}
