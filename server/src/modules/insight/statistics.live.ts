/**
 * Live item statistics: the domain's running sums, one accumulator per attempt policy, kept in one row per
 * assignment and updated on each submission and each teacher grade. Every update runs under that row's lock
 * (SELECT … FOR UPDATE; SQLite runs one transaction at a time), so concurrent submissions never lose a sum.
 *
 * `stats_contributions` remembers the exact scores each attempt added: a re-grade removes those and adds the new
 * ones, and the policies (first, last, best) choose among a student's rows. Both entry points are idempotent: they
 * compare the attempt's current scores with its contribution and do nothing when they agree.
 */
import {
  ATTEMPT_POLICIES,
  type AttemptPolicy,
  addAttempt,
  createAccumulator,
  removeAttempt,
  type ScoreMap,
  type StatsAccumulator,
  selectAttemptIndices,
} from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { recomputeAssignment, scheduleRecompute } from "./statistics.recompute.ts";
import * as repo from "./statistics.repository.ts";
import { assignmentItems } from "./statistics.shared.ts";

export type AccumulatorState = Record<AttemptPolicy, StatsAccumulator>;

interface Contribution {
  attemptId: string;
  submittedAt: string;
  total: number;
  scores: Record<string, number>;
}

/** Orders a student's attempts as the full recompute does: by submission time, then by id. */
const earlier = (a: Contribution, b: Contribution) =>
  a.submittedAt < b.submittedAt || (a.submittedAt === b.submittedAt && a.attemptId < b.attemptId);

/** The attempt a policy counts for one student (`all` is handled by the caller: every attempt counts). */
export function choose(rows: readonly Contribution[], policy: Exclude<AttemptPolicy, "all">): Contribution | null {
  let best: Contribution | null = null;
  for (const r of rows) {
    if (!best) best = r;
    else if (policy === "first" && earlier(r, best)) best = r;
    else if (policy === "last" && earlier(best, r)) best = r;
    else if (policy === "best" && (r.total > best.total || (r.total === best.total && earlier(r, best)))) best = r;
  }
  return best;
}

function sameScores(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}

/** Item id → points of one matrix row, pending (NaN) items left out; the total sums in item order. */
function rowScores(itemIds: readonly string[], scores: Float64Array, s: number): { map: ScoreMap; total: number } {
  const P = itemIds.length;
  const map: Record<string, number> = {};
  let total = 0;
  for (let i = 0; i < P; i++) {
    const x = scores[s * P + i]!;
    if (Number.isNaN(x)) continue;
    map[itemIds[i]!] = x;
    total += x;
  }
  return { map, total };
}

function emptyState(): AccumulatorState {
  return { first: createAccumulator(), last: createAccumulator(), best: createAccumulator(), all: createAccumulator() };
}

/**
 * Builds the sums and contributions from every submitted attempt (the first update of an assignment, or data that
 * was imported without events). Runs under the accumulator lock.
 */
async function rebuild(
  trx: Executor,
  organizationId: string,
  assignmentId: string,
  itemIds: readonly string[],
): Promise<AccumulatorState> {
  const m = await repo.loadScoreMatrix(trx, organizationId, assignmentId, itemIds);
  const S = m.attemptIds.length;
  const rows = Array.from({ length: S }, (_, s) => rowScores(itemIds, m.scores, s));
  const totals = rows.map((r) => r.total);
  const order = m.submittedAtIso.map((t) => Date.parse(t));
  const state = emptyState();
  for (const policy of ATTEMPT_POLICIES) {
    let acc = state[policy];
    for (const s of selectAttemptIndices(m.students, order, totals, policy)) acc = addAttempt(acc, rows[s]!.map);
    state[policy] = acc;
  }
  await repo.replaceContributions(
    trx,
    organizationId,
    assignmentId,
    rows.map((r, s) => ({
      attempt_id: m.attemptIds[s]!,
      assignment_id: assignmentId,
      organization_id: organizationId,
      user_id: m.students[s]!,
      submitted_at: m.submittedAtIso[s]!,
      total: r.total,
      scores: JSON.stringify(r.map),
    })),
  );
  return state;
}

/**
 * Brings the sums in line with one attempt's current scores. Returns true when something changed (and a debounced
 * full recompute was scheduled).
 */
export async function syncAttempt(ctx: AppContext, orgId: string, attemptId: string): Promise<boolean> {
  const { db, dialect } = ctx.database;
  const attempt = await repo.findAttempt(db, orgId, attemptId);
  if (attempt?.status !== "submitted" || !attempt.submitted_at) return false;
  const assignment = await repo.findAssignment(db, orgId, attempt.assignment_id);
  if (!assignment) return false;
  const items = await assignmentItems(ctx, assignment);
  const itemIds = items.map((it) => it.id);

  const changed = await db.transaction().execute(async (trx) => {
    const row = await repo.lockAccumulator(trx, dialect, orgId, assignment.id);
    if (row.version < 0) {
      // Built from all the data, this attempt included.
      const state = await rebuild(trx, orgId, assignment.id, itemIds);
      await repo.saveAccumulator(trx, orgId, assignment.id, state, 1);
      return true;
    }
    const state = JSON.parse(row.state) as AccumulatorState;
    const current = await repo.loadScoreMatrix(trx, orgId, assignment.id, itemIds, { attemptIds: [attemptId] });
    if (current.attemptIds.length !== 1) return false;
    const { map, total } = rowScores(itemIds, current.scores, 0);
    const now: Contribution = {
      attemptId,
      submittedAt: attempt.submitted_at!,
      total,
      scores: map as Record<string, number>,
    };
    const before: Contribution[] = (await repo.userContributions(trx, orgId, assignment.id, attempt.user_id)).map(
      (r) => ({
        attemptId: r.attempt_id,
        submittedAt: r.submitted_at,
        total: Number(r.total),
        scores: JSON.parse(r.scores) as Record<string, number>,
      }),
    );
    const old = before.find((c) => c.attemptId === attemptId);
    if (old && sameScores(old.scores, now.scores)) return false;
    const after = [...before.filter((c) => c !== old), now];

    if (old) state.all = removeAttempt(state.all, old.scores);
    state.all = addAttempt(state.all, now.scores);
    for (const policy of ["first", "last", "best"] as const) {
      const was = choose(before, policy);
      const is = choose(after, policy);
      if (was === is) continue;
      if (was) state[policy] = removeAttempt(state[policy], was.scores);
      if (is) state[policy] = addAttempt(state[policy], is.scores);
    }
    await repo.upsertContribution(
      trx,
      {
        attempt_id: attemptId,
        assignment_id: assignment.id,
        organization_id: orgId,
        user_id: attempt.user_id,
        submitted_at: now.submittedAt,
        total,
        scores: JSON.stringify(now.scores),
      },
      old !== undefined,
    );
    await repo.saveAccumulator(trx, orgId, assignment.id, state, row.version + 1);
    return true;
  });
  if (changed) await scheduleRecompute(ctx, orgId, assignment.id);
  return changed;
}

/** An attempt was submitted (event attempt.submitted). Idempotent. */
export function applySubmission(ctx: AppContext, orgId: string, attemptId: string): Promise<boolean> {
  return syncAttempt(ctx, orgId, attemptId);
}

/**
 * A teacher graded or re-graded a response (event response.graded). Idempotent. `oldScore` is not needed for the
 * arithmetic: the contribution row holds exactly what was added, which stays right even when grades arrive out of
 * order or twice; it is accepted so that callers can pass the event as it is.
 */
export async function applyRegrade(
  ctx: AppContext,
  orgId: string,
  responseId: string,
  _oldScore?: number | null,
): Promise<boolean> {
  const attemptId = await repo.findResponseAttempt(ctx.database.db, orgId, responseId);
  return attemptId ? syncAttempt(ctx, orgId, attemptId) : false;
}

/**
 * Rebuilds an assignment's sums and contributions from all its data (after a regrade moved it to another version,
 * whose items the old sums do not describe), then recomputes the snapshot so the page is fresh at once.
 */
export async function rebuildAssignmentStatistics(ctx: AppContext, orgId: string, assignmentId: string): Promise<void> {
  const { db, dialect } = ctx.database;
  const assignment = await repo.findAssignment(db, orgId, assignmentId);
  if (!assignment) return;
  const items = await assignmentItems(ctx, assignment);
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockAccumulator(trx, dialect, orgId, assignmentId);
    const state = await rebuild(
      trx,
      orgId,
      assignmentId,
      items.map((it) => it.id),
    );
    await repo.saveAccumulator(trx, orgId, assignmentId, state, Math.max(row.version, 0) + 1);
  });
  await recomputeAssignment(ctx, orgId, assignmentId);
}
