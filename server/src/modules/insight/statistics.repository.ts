/**
 * SQL of item statistics: the assignment, the score matrix of the full recompute (one aggregated query, one row
 * per attempt), the running sums and their contributions, and the snapshots. Its pinned items are read through
 * assignments/versions.ts.
 */
import { sql } from "kysely";
import { dialectOfDb, insertIgnoringDuplicates, selectForUpdate, stringAgg } from "../../db/dialect.ts";
import type { Dialect, Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export async function findAssignment(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("assignments")
    .select(["id", "organization_id", "class_id", "exercise_version_id", "title", "due_at", "max_score"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", assignmentId)
    .executeTakeFirst();
}

export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof findAssignment>>>;

export interface ScoreMatrixRows {
  attemptIds: string[];
  students: string[];
  submittedAtIso: string[];
  /** Attempt-major, items in the given order. NaN = pending (not graded yet); an item without a row scores 0. */
  scores: Float64Array;
}

/**
 * The submitted attempts of an assignment with their item scores, in two queries: the attempts (in submission
 * order, which `first`/`last` rely on for ties), and the responses grouped by attempt with each attempt's
 * `item=score` pairs joined in one string. The second streams through the (organization, assignment, attempt)
 * index, so the engine groups as it reads and never sorts; JavaScript sees S rows instead of S × P. (A pivot with
 * one CASE per item per row did P times the work per response: four times a plain GROUP BY scan.)
 * Attempts with writing still to grade are left out (the pending rule); should a pending response remain in one
 * anyway, it reads as −1 (scores are never negative) and becomes NaN; no row at all (an item the student never
 * reached) is 0.
 */
export async function loadScoreMatrix(
  db: Executor,
  organizationId: string,
  assignmentId: string,
  itemIds: readonly string[],
  opts: { attemptIds?: readonly string[] } = {},
): Promise<ScoreMatrixRows> {
  const only = opts.attemptIds;
  if (only && only.length === 0)
    return { attemptIds: [], students: [], submittedAtIso: [], scores: new Float64Array(0) };
  let attempts = db
    .selectFrom("attempts")
    .select(["id", "user_id", "submitted_at"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("status", "=", "submitted")
    // The pending rule (api.md): an attempt whose writing waits for its teacher is left out of every score figure
    // until graded — its total would count the essay as 0. The grade's response.graded event brings it in.
    .where("pending_count", "=", 0)
    .orderBy("submitted_at")
    .orderBy("id");
  if (only) attempts = attempts.where("id", "in", only);
  const rows = await attempts.execute();
  const S = rows.length;
  const P = itemIds.length;
  const scores = new Float64Array(S * P);
  const attemptIds = rows.map((r) => r.id);
  const students = rows.map((r) => r.user_id);
  const submittedAtIso = rows.map((r) => r.submitted_at as string);
  if (!S || !P) return { attemptIds, students, submittedAtIso, scores };

  const pair = sql`concat(item_id, '=', case when status = 'pending' then -1 else score end)`;
  let scan = db
    .selectFrom("responses")
    .select(["attempt_id", stringAgg(dialectOfDb(db), pair).as("pairs")])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .groupBy("attempt_id");
  if (only) scan = scan.where("attempt_id", "in", only);
  const rowOf = new Map(attemptIds.map((id, s) => [id, s]));
  const column = new Map(itemIds.map((id, i) => [id, i]));
  for (const r of await scan.execute()) {
    const s = rowOf.get(r.attempt_id);
    if (s === undefined || !r.pairs) continue; // responses of an attempt that is not submitted (none today)
    const base = s * P;
    // Item ids are [A-Za-z0-9_.-]: neither "," nor "=" can occur in them.
    for (const p of r.pairs.split(",")) {
      const eq = p.indexOf("=");
      const i = column.get(p.slice(0, eq));
      if (i === undefined) continue;
      const x = Number(p.slice(eq + 1));
      scores[base + i] = x < 0 ? Number.NaN : x;
    }
  }
  return { attemptIds, students, submittedAtIso, scores };
}

export async function countResponses(db: Executor, organizationId: string, assignmentId: string): Promise<number> {
  const row = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Submitted attempts whose writing waits for the teacher: left out of the figures until graded (api.md). */
export async function countPendingAttempts(db: Executor, organizationId: string, assignmentId: string) {
  const row = await db
    .selectFrom("attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("status", "=", "submitted")
    .where("pending_count", ">", 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the distractor view and the response groups need, for the choice and typed items only. */
export async function loadAnswerRows(
  db: Executor,
  organizationId: string,
  assignmentId: string,
  itemIds: readonly string[],
) {
  if (!itemIds.length) return [];
  return db
    .selectFrom("responses as r")
    .innerJoin("attempts as a", "a.id", "r.attempt_id")
    .select(["r.attempt_id", "r.item_id", "r.response", "r.normalized_text", "r.status", "r.error_categories"])
    .where("r.organization_id", "=", organizationId)
    .where("r.assignment_id", "=", assignmentId)
    .where("a.status", "=", "submitted")
    .where("r.item_id", "in", [...itemIds])
    .execute();
}

// ---- running sums --------------------------------------------------------------------------------------------

/** The accumulator row, locked for the rest of the transaction (created first if missing, with version −1). */
export async function lockAccumulator(trx: Executor, dialect: Dialect, organizationId: string, assignmentId: string) {
  const find = () =>
    selectForUpdate(
      dialect,
      trx
        .selectFrom("stats_accumulators")
        .select(["assignment_id", "state", "version", "changed_at"])
        .where("organization_id", "=", organizationId)
        .where("assignment_id", "=", assignmentId),
    ).executeTakeFirst();
  const row = await find();
  if (row) return row;
  const now = nowIso();
  // Two first submissions may race here: the loser's insert is skipped and it waits on the winner's row lock.
  await insertIgnoringDuplicates(
    dialect,
    trx.insertInto("stats_accumulators").values({
      assignment_id: assignmentId,
      organization_id: organizationId,
      state: "{}",
      version: -1,
      changed_at: now,
      created_at: now,
    }),
  ).execute();
  return (await find())!;
}

export async function saveAccumulator(
  trx: Executor,
  organizationId: string,
  assignmentId: string,
  state: unknown,
  version: number,
) {
  await trx
    .updateTable("stats_accumulators")
    .set({ state: JSON.stringify(state), version, changed_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .execute();
}

export async function findAccumulator(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("stats_accumulators")
    .select(["state", "version", "changed_at"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirst();
}

export async function findAttempt(db: Executor, organizationId: string, attemptId: string) {
  return db
    .selectFrom("attempts")
    .select(["id", "assignment_id", "user_id", "status", "submitted_at"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", attemptId)
    .executeTakeFirst();
}

export async function findResponseAttempt(db: Executor, organizationId: string, responseId: string) {
  const row = await db
    .selectFrom("responses")
    .select(["attempt_id"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", responseId)
    .executeTakeFirst();
  return row?.attempt_id;
}

export async function userContributions(db: Executor, organizationId: string, assignmentId: string, userId: string) {
  return db
    .selectFrom("stats_contributions")
    .select(["attempt_id", "user_id", "submitted_at", "total", "scores"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("user_id", "=", userId)
    .execute();
}

export interface ContributionInsert {
  attempt_id: string;
  assignment_id: string;
  organization_id: string;
  user_id: string;
  submitted_at: string;
  total: number;
  scores: string;
}

export async function upsertContribution(trx: Executor, c: ContributionInsert, exists: boolean) {
  if (exists) {
    await trx
      .updateTable("stats_contributions")
      .set({ total: c.total, scores: c.scores, submitted_at: c.submitted_at })
      .where("organization_id", "=", c.organization_id)
      .where("attempt_id", "=", c.attempt_id)
      .execute();
  } else await trx.insertInto("stats_contributions").values(c).execute();
}

export async function replaceContributions(
  trx: Executor,
  organizationId: string,
  assignmentId: string,
  rows: ContributionInsert[],
) {
  await trx
    .deleteFrom("stats_contributions")
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .execute();
  // Chunks stay under every engine's bound-parameter limit (7 columns per row).
  for (let k = 0; k < rows.length; k += 500) {
    await trx
      .insertInto("stats_contributions")
      .values(rows.slice(k, k + 500))
      .execute();
  }
}

// ---- snapshots -----------------------------------------------------------------------------------------------

export async function findSnapshot(db: Executor, organizationId: string, assignmentId: string, policy: string) {
  return db
    .selectFrom("stats_snapshots")
    .select(["analysis", "attempts", "source_version", "computed_at"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("policy", "=", policy)
    .executeTakeFirst();
}

export async function saveSnapshots(
  trx: Executor,
  organizationId: string,
  assignmentId: string,
  snaps: { policy: string; analysis: unknown; attempts: number; sourceVersion: number; durationMs: number }[],
) {
  await trx
    .deleteFrom("stats_snapshots")
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .execute();
  const computedAt = nowIso();
  await trx
    .insertInto("stats_snapshots")
    .values(
      snaps.map((s) => ({
        assignment_id: assignmentId,
        policy: s.policy,
        organization_id: organizationId,
        analysis: JSON.stringify(s.analysis),
        attempts: s.attempts,
        source_version: s.sourceVersion,
        computed_at: computedAt,
        duration_ms: Math.round(s.durationMs),
      })),
    )
    .execute();
}
