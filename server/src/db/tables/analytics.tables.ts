/**
 * Analytics (migration 0006_analytics): the running sums behind live item statistics, the attempts they were built
 * from, and the snapshots of the debounced full recompute. Conventions of db/types.ts apply.
 */

/**
 * One row per assignment: the domain accumulators (statistics/accumulator.ts) of the four attempt policies, as
 * JSON `{first, last, best, all}`. The row is the lock that serializes live updates of one assignment.
 */
export interface StatsAccumulatorsTable {
  assignment_id: string;
  organization_id: string;
  state: string;
  /** Bumped on every change; a snapshot computed at this version is fresh. */
  version: number;
  /** When the last submission or grade reached the sums. */
  changed_at: string;
  created_at: string;
}

/**
 * One row per submitted attempt that reached the sums, with exactly the scores added (item id → points, pending
 * essays left out): `removeAttempt` must be given what was added, and the policies choose among these rows.
 */
export interface StatsContributionsTable {
  attempt_id: string;
  assignment_id: string;
  organization_id: string;
  user_id: string;
  submitted_at: string;
  total: number;
  scores: string;
}

/** The last full recompute per (assignment, policy): figures, option distributions and response groups. */
export interface StatsSnapshotsTable {
  assignment_id: string;
  policy: string;
  organization_id: string;
  /** `{test, items}` with median, discriminative efficiency, `options` and `responseGroups`. */
  analysis: string;
  attempts: number;
  /** The accumulator version the recompute started from (0 when there was none). */
  source_version: number;
  computed_at: string;
  /** Milliseconds the recompute took (operations look at it). */
  duration_ms: number;
}

export interface AnalyticsTables {
  stats_accumulators: StatsAccumulatorsTable;
  stats_contributions: StatsContributionsTable;
  stats_snapshots: StatsSnapshotsTable;
}
