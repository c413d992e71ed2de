/**
 * Fix the key and regrade: an assignment moves to another published version of its exercise and every submitted
 * attempt is graded again with it, answers kept, in one job with progress (regrade_jobs).
 *
 * Each attempt is regraded in its own transaction under the attempt's row lock (as submit and teacher grading
 * take it), and records the version it was graded with (`attempts.graded_version_id`). That makes the work
 * idempotent (an attempt already graded with the version is skipped, so a second run changes nothing) and loses
 * nothing while students submit: an attempt submitted before the switch is found by the job; one whose submit
 * read the old version but committed after the job looked is caught by the `attempt.submitted` subscriber
 * (review.jobs.ts), which runs after that commit and so sees the new version. Teacher grades (essays, overrides)
 * stay: an override keeps its score and only the automatic score under it moves.
 */
import { type Exercise, type Item, normalizedTextOf, type Response } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import * as assignmentsRepo from "../assignments/assignments.repository.ts";
import { type Caller, requireVisibleAssignment } from "../assignments/assignments.service.ts";
import { loadVersionContent, maxScoreOf } from "../assignments/versions.ts";
import * as attemptsRepo from "../attempts/attempts.repository.ts";
import { recomputeAttempt } from "../attempts/grading.repository.ts";
import { safeGrade } from "../attempts/submit.service.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { invalidateDashboard } from "../insight/dashboard.service.ts";
import { rebuildAssignmentStatistics, syncAttempt } from "../insight/statistics.live.ts";
import * as repo from "./review.repository.ts";

export const REGRADE_JOB = "review.regrade";
/** Attempts read per page of the job; progress is written after each page. */
const PAGE = 100;

export function presentRegrade(j: repo.RegradeJobRow) {
  return {
    id: j.id,
    assignmentId: j.assignment_id,
    version: j.to_version,
    status: j.status,
    total: j.total,
    done: j.done,
    changed: j.changed,
    progress: j.total ? Math.min(1, j.done / j.total) : j.status === "succeeded" ? 1 : 0,
    error: j.error,
    createdAt: j.created_at,
    finishedAt: j.finished_at,
  };
}

/**
 * Moves the assignment to `versionNumber` (one transaction: the pin, the job row, the audit record, the event) and
 * starts the job. Without `regrade`, moving is refused while submitted work exists: it would leave attempts graded
 * with a key the assignment no longer has.
 */
export async function moveToVersion(
  ctx: AppContext,
  caller: Caller,
  actor: AuditActor,
  assignmentId: string,
  versionNumber: number,
  regrade: boolean,
) {
  const org = caller.organizationId;
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    await repo.lockAssignment(trx, org, assignmentId);
    const a = await requireVisibleAssignment(trx, caller, assignmentId);
    const v = await assignmentsRepo.findVersion(trx, org, a.exercise_id, versionNumber);
    if (!v) {
      throw unprocessable("unknown_version", `The exercise has no published version ${versionNumber}.`, [
        { field: "body.version", message: "is not a published version of this assignment's exercise" },
      ]);
    }
    const submitted = await repo.countSubmitted(trx, org, assignmentId);
    if (!regrade && submitted > 0 && v.id !== a.exercise_version_id) {
      throw conflict(
        "regrade_required",
        "Students have submitted work graded with the current version: send regrade: true to regrade it.",
      );
    }
    const content = await loadVersionContent(trx, org, v.id);
    await assignmentsRepo.updateAssignment(trx, org, assignmentId, {
      exercise_version_id: v.id,
      exercise_version: v.version,
      title: content.title,
      max_score: maxScoreOf(content),
    });
    await recordAudit(trx, {
      organizationId: org,
      actor,
      action: "assignment.version_changed",
      target: { type: "assignment", id: assignmentId },
      details: { fromVersion: a.exercise_version, toVersion: v.version, regrade, submittedAttempts: submitted },
    });
    await writeEvent(trx, {
      organizationId: org,
      type: "assignment.updated",
      payload: { assignmentId, fields: ["version"], version: v.version, by: caller.userId },
    });
    let job: repo.RegradeJobRow | null = null;
    if (regrade) {
      job = {
        id: newId(),
        organization_id: org,
        assignment_id: assignmentId,
        from_version_id: a.exercise_version_id,
        to_version_id: v.id,
        to_version: v.version,
        status: "queued",
        total: submitted,
        done: 0,
        changed: 0,
        error: null,
        created_by: caller.userId,
        created_at: nowIso(),
        finished_at: null,
      };
      await repo.insertRegradeJob(trx, job);
    }
    const updated = await assignmentsRepo.findAssignment(trx, org, assignmentId);
    return { assignment: updated!, job };
  });
  notifyEventsWritten();
  if (result.job) await startJob(ctx, result.job.id);
  return { assignment: result.assignment, regrade: result.job ? presentRegrade(result.job) : undefined };
}

async function startJob(ctx: AppContext, jobId: string) {
  if (ctx.jobs.started) {
    await ctx.jobs.enqueue(REGRADE_JOB, { jobId }, { jobId: `review.regrade.${jobId}` });
    return;
  }
  // No job system in this process (a script, some tests): run it here, after the answer.
  setImmediate(() => {
    runRegrade(ctx, jobId).catch((err) => ctx.logger.error({ err, jobId }, "regrade failed"));
  });
}

export async function getRegrade(ctx: AppContext, caller: Caller, assignmentId: string, jobId: string) {
  await requireVisibleAssignment(ctx.database.db, caller, assignmentId);
  const j = await repo.findRegradeJob(ctx.database.db, caller.organizationId, jobId);
  if (!j || j.assignment_id !== assignmentId) throw notFound("regrade");
  return presentRegrade(j);
}

export async function listRegrades(ctx: AppContext, caller: Caller, assignmentId: string) {
  await requireVisibleAssignment(ctx.database.db, caller, assignmentId);
  const rows = await repo.listRegradeJobs(ctx.database.db, caller.organizationId, assignmentId, 20);
  return { items: rows.map(presentRegrade), nextCursor: null };
}

/**
 * The job: pages through the attempts not yet graded with the assignment's version, regrades each, writes the
 * progress after each page, then rebuilds the statistics and the class's dashboard. Running it again (a retry, a
 * second delivery) finds nothing left and only refreshes the figures.
 */
export async function runRegrade(ctx: AppContext, jobId: string): Promise<void> {
  const db = ctx.database.db;
  const job = await repo.findRegradeJob(db, null, jobId);
  if (!job || job.status === "succeeded") return;
  const org = job.organization_id;
  await repo.updateRegradeJob(db, jobId, { status: "running" });
  let done = job.status === "running" ? job.done : 0;
  let changed = job.status === "running" ? job.changed : 0;
  try {
    let after: string | undefined;
    for (;;) {
      const a = await assignmentsRepo.findAssignment(db, org, job.assignment_id);
      if (!a) break;
      const ids = await repo.attemptsToRegrade(db, org, a.id, a.exercise_version_id, { after, limit: PAGE });
      if (!ids.length) break;
      for (const id of ids) {
        const r = await regradeAttempt(ctx, org, id, { userId: job.created_by });
        if (r.regraded) done++;
        if (r.changed) changed++;
      }
      after = ids[ids.length - 1];
      await repo.updateRegradeJob(db, jobId, { done: Math.min(done, Math.max(job.total, done)), changed });
    }
    const a = await assignmentsRepo.findAssignment(db, org, job.assignment_id);
    if (a) {
      await rebuildAssignmentStatistics(ctx, org, a.id);
      await invalidateDashboard(ctx, org, a.class_id);
    }
    // Every submitted attempt is graded with the version now: some may have been regraded by the check after
    // their own submit (review.jobs.ts) rather than by this job, which counts only its own changes.
    const all = a ? await repo.countSubmitted(db, org, a.id) : done;
    await repo.updateRegradeJob(db, jobId, {
      status: "succeeded",
      done: all,
      total: all,
      changed,
      finished_at: nowIso(),
    });
    notifyEventsWritten();
  } catch (err) {
    await repo.updateRegradeJob(db, jobId, {
      status: "failed",
      error: String((err as Error).message ?? err).slice(0, 500),
      done,
      changed,
    });
    throw err;
  }
}

const sameJson = (a: string | null, b: string | null) => (a ?? "") === (b ?? "");

/**
 * Grades one submitted attempt again with its assignment's current version. Returns whether it was regraded (false:
 * already graded with that version, or not submitted) and whether its score changed.
 */
export async function regradeAttempt(
  ctx: AppContext,
  organizationId: string,
  attemptId: string,
  actor: AuditActor,
): Promise<{ regraded: boolean; changed: boolean }> {
  const out = await ctx.database.db.transaction().execute(async (trx) => {
    await attemptsRepo.lockAttempt(trx, organizationId, attemptId);
    const attempt = await attemptsRepo.findAttempt(trx, organizationId, attemptId);
    if (!attempt || attempt.status !== "submitted") return { regraded: false, changed: false };
    const versionId = attempt.exercise_version_id;
    if (attempt.graded_version_id === versionId) return { regraded: false, changed: false };
    const exercise: Exercise = await loadVersionContent(trx, organizationId, versionId);
    const rows = await attemptsRepo.listResponses(trx, organizationId, attemptId);
    const byItem = new Map(rows.map((r) => [r.item_id, r]));
    const itemChanges: { itemId: string; from: number; to: number }[] = [];
    const now = nowIso();
    const keep = new Set<string>();
    const inserts: attemptsRepo.ResponseRow[] = [];
    for (const item of exercise.items as Item[]) {
      if (item.type === "description" || !item.id) continue;
      keep.add(item.id);
      const r = byItem.get(item.id);
      const response = r?.response ? (JSON.parse(r.response) as Response) : undefined;
      // Writing is graded by its teacher, not by the key: it stays as it is.
      if (item.type === "essay" && r) continue;
      const g = safeGrade(item, response, ctx);
      const fields = {
        item_type: item.type,
        normalized_text: normalizedTextOf(item, response),
        max_score: g.maxScore,
        parts: JSON.stringify(g.parts),
        feedback: JSON.stringify(g.feedback),
        error_categories: JSON.stringify(g.parts.flatMap((p) => p.errors.map((e) => e.category))),
      };
      if (!r) {
        // An item the new version added: the student never saw it, so it is blank.
        inserts.push({
          id: newId(),
          organization_id: organizationId,
          attempt_id: attemptId,
          assignment_id: attempt.assignment_id,
          user_id: attempt.user_id,
          response: null,
          score: g.score,
          status: g.status,
          comment: null,
          rubric: null,
          graded_by: null,
          graded_at: null,
          created_at: now,
          item_id: item.id,
          auto_score: null,
          auto_status: null,
          overridden_by: null,
          overridden_at: null,
          ...fields,
        });
        itemChanges.push({ itemId: item.id, from: 0, to: g.score });
        continue;
      }
      const overridden = r.auto_score !== null;
      const automaticBefore = overridden ? r.auto_score : r.score;
      const same =
        automaticBefore === g.score &&
        (overridden ? r.auto_status : r.status) === g.status &&
        r.max_score === g.maxScore &&
        sameJson(r.parts, fields.parts) &&
        sameJson(r.feedback, fields.feedback) &&
        sameJson(r.error_categories, fields.error_categories) &&
        sameJson(r.normalized_text, fields.normalized_text);
      if (same) continue;
      if (overridden) {
        // The teacher's override stands; the automatic result under it follows the key.
        await repo.updateResponse(trx, r.id, { ...fields, auto_score: g.score, auto_status: g.status });
      } else {
        await repo.updateResponse(trx, r.id, { ...fields, score: g.score, status: g.status });
        if (r.score !== g.score) itemChanges.push({ itemId: item.id, from: r.score, to: g.score });
      }
    }
    if (inserts.length) await attemptsRepo.insertResponses(trx, inserts);
    const gone = rows.filter((r) => !keep.has(r.item_id));
    for (const r of gone) itemChanges.push({ itemId: r.item_id, from: r.score, to: 0 });
    // Items the new version no longer has no longer count (their answers go with them).
    await repo.deleteResponses(
      trx,
      gone.map((r) => r.id),
    );
    const before = attempt.score ?? 0;
    const after = await recomputeAttempt(trx, organizationId, attemptId);
    await repo.setGradedVersion(trx, attemptId, versionId);
    const changed = after.score !== before || after.maxScore !== attempt.max_score;
    if (changed) {
      await recordAudit(trx, {
        organizationId,
        actor,
        action: "attempt.regraded",
        target: { type: "attempt", id: attemptId },
        details: {
          assignmentId: attempt.assignment_id,
          userId: attempt.user_id,
          versionId,
          fromScore: before,
          toScore: after.score,
          maxScore: after.maxScore,
          items: itemChanges,
        },
      });
      await writeEvent(trx, {
        organizationId,
        type: "attempt.regraded",
        payload: {
          attemptId,
          assignmentId: attempt.assignment_id,
          classId: attempt.class_id,
          userId: attempt.user_id,
          reason: "regrade",
          oldScore: before,
          score: after.score,
          maxScore: after.maxScore,
          pending: after.pending,
        },
      });
    }
    return { regraded: true, changed };
  });
  return out;
}

/** The subscriber's check before taking any lock: most submits are graded with the current version already. */
export async function regradeIfStale(ctx: AppContext, attemptId: string): Promise<boolean> {
  const row = await ctx.database.db
    .selectFrom("attempts as t")
    .innerJoin("assignments as a", "a.id", "t.assignment_id")
    .select(["t.organization_id", "t.graded_version_id", "a.exercise_version_id", "t.status"])
    .where("t.id", "=", attemptId)
    .executeTakeFirst();
  if (!row || row.status !== "submitted" || row.graded_version_id === row.exercise_version_id) return false;
  const r = await regradeAttempt(ctx, row.organization_id, attemptId, { userId: null });
  if (r.regraded) {
    notifyEventsWritten();
    await syncAttempt(ctx, row.organization_id, attemptId);
  }
  return r.regraded;
}
