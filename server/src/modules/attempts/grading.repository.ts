import type { Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

/** Responses of an assignment waiting for a teacher (or already graded by one), oldest first, with the student. */
export async function listQueue(
  db: Executor,
  organizationId: string,
  assignmentId: string,
  opts: { limit: number; after?: string; status: "pending" | "graded" },
) {
  let q = db
    .selectFrom("responses as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("attempts as t", "t.id", "r.attempt_id")
    .select([
      "r.id",
      "r.attempt_id",
      "r.item_id",
      "r.response",
      "r.score",
      "r.max_score",
      "r.comment",
      "r.status",
      "u.id as user_id",
      "u.name as user_name",
      "u.email as user_email",
      "t.submitted_at",
    ])
    .where("r.organization_id", "=", organizationId)
    .where("r.assignment_id", "=", assignmentId);
  q = opts.status === "pending" ? q.where("r.status", "=", "pending") : q.where("r.graded_by", "is not", null);
  if (opts.after) q = q.where("r.id", ">", opts.after);
  return q.orderBy("r.id").limit(opts.limit).execute();
}

/**
 * Locks the attempt a response belongs to, as the transaction's first statement (see attempts.repository.ts
 * lockAttempt: on MySQL an earlier plain read would fix the snapshot and hide a concurrent grade from the sum).
 */
export async function lockAttemptOfResponse(db: Executor, organizationId: string, responseId: string) {
  await db
    .updateTable("attempts")
    .set({ updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "in", (eb) =>
      eb
        .selectFrom("responses")
        .select("attempt_id")
        .where("organization_id", "=", organizationId)
        .where("id", "=", responseId),
    )
    .execute();
}

export async function findResponse(db: Executor, organizationId: string, responseId: string) {
  return db
    .selectFrom("responses")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", responseId)
    .executeTakeFirst();
}

export async function setGrade(
  db: Executor,
  responseId: string,
  g: {
    score: number;
    status: "correct" | "partial" | "incorrect";
    comment: string | null;
    rubric: string | null;
    by: string | null;
    at: string;
  },
) {
  await db
    .updateTable("responses")
    .set({ score: g.score, status: g.status, comment: g.comment, rubric: g.rubric, graded_by: g.by, graded_at: g.at })
    .where("id", "=", responseId)
    .execute();
}

export async function insertGradeHistory(
  db: Executor,
  h: {
    organizationId: string;
    responseId: string;
    by: string | null;
    oldScore: number | null;
    newScore: number;
    oldStatus: string;
    comment: string | null;
    rubric: string | null;
  },
) {
  await db
    .insertInto("response_grades")
    .values({
      id: newId(),
      organization_id: h.organizationId,
      response_id: h.responseId,
      graded_by: h.by,
      old_score: h.oldScore,
      new_score: h.newScore,
      old_status: h.oldStatus,
      comment: h.comment,
      rubric: h.rubric,
      created_at: nowIso(),
    })
    .execute();
}

/** Recomputes an attempt's score and pending count from its responses (the one source of truth). */
export async function recomputeAttempt(db: Executor, organizationId: string, attemptId: string) {
  const row = await db
    .selectFrom("responses")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("score"), eb.val(0)).as("score"),
      eb.fn.coalesce(eb.fn.sum<number>("max_score"), eb.val(0)).as("max_score"),
      eb.fn.sum<number>(eb.case().when("status", "=", "pending").then(1).else(0).end()).as("pending"),
    ])
    .where("organization_id", "=", organizationId)
    .where("attempt_id", "=", attemptId)
    .executeTakeFirstOrThrow();
  const score = Math.round(Number(row.score) * 1e6) / 1e6;
  const maxScore = Number(row.max_score);
  const pending = Number(row.pending ?? 0);
  await db
    .updateTable("attempts")
    .set({ score, max_score: maxScore, pending_count: pending, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", attemptId)
    .execute();
  return { score, maxScore, pending };
}
