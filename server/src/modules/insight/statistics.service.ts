/**
 * GET statistics: the last snapshot merged with the live sums. A page never waits on a full recompute: when the
 * sums moved since the snapshot, the figures that sums give come from them, median and discriminative efficiency
 * (and the answer details) from the snapshot (null before the first one), and `fresh` says so.
 */
import { type AttemptPolicy, createAccumulator, figuresFromAccumulator } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import type { AccumulatorState } from "./statistics.live.ts";
import { recomputeAssignment, type Snapshot, type SnapshotItem, scheduleRecompute } from "./statistics.recompute.ts";
import * as repo from "./statistics.repository.ts";
import { assignmentItems } from "./statistics.shared.ts";

/** Below this many responses an assignment without any figures is computed while the caller waits (imports). */
export const SYNC_RECOMPUTE_LIMIT = 20_000;

export interface StatisticsResponse extends Snapshot {
  policy: AttemptPolicy;
  /** When the figures were computed: the snapshot's time, or the last change the live sums took in. */
  computedAt: string | null;
  /** The attempts the figures are computed from. */
  attempts: number;
  /** True when every figure comes from a full recompute of the current data. */
  fresh: boolean;
  /** The full recompute that median, discriminative efficiency, options and response groups come from. */
  snapshotComputedAt: string | null;
}

export async function getStatistics(
  ctx: AppContext,
  orgId: string,
  assignmentId: string,
  policy: AttemptPolicy,
): Promise<StatisticsResponse> {
  const read = ctx.database.read;
  const assignment = await repo.findAssignment(read, orgId, assignmentId);
  if (!assignment) throw notFound("assignment");
  const items = await assignmentItems(ctx, assignment, read);
  let [acc, snap] = await Promise.all([
    repo.findAccumulator(read, orgId, assignmentId),
    repo.findSnapshot(read, orgId, assignmentId, policy),
  ]);
  if ((!acc || acc.version < 0) && !snap) {
    // Nothing computed yet (data imported without events, or the first request beat the worker).
    if ((await repo.countResponses(read, orgId, assignmentId)) < SYNC_RECOMPUTE_LIMIT) {
      await recomputeAssignment(ctx, orgId, assignmentId);
      snap = await repo.findSnapshot(ctx.database.db, orgId, assignmentId, policy);
    } else await scheduleRecompute(ctx, orgId, assignmentId);
  }
  const version = acc && acc.version >= 0 ? acc.version : 0;
  const snapshot = snap ? (JSON.parse(snap.analysis) as Snapshot) : null;
  const snapshotAt = snap?.computed_at ?? null;
  if (snap && snapshot && snap.source_version >= version) {
    return {
      ...snapshot,
      policy,
      computedAt: snapshotAt,
      attempts: snap.attempts,
      fresh: true,
      snapshotComputedAt: snapshotAt,
    };
  }
  // The sums moved on since the snapshot (or there is none): make sure a recompute follows.
  if (snap) await scheduleRecompute(ctx, orgId, assignmentId);
  const state = acc && acc.version >= 0 ? (JSON.parse(acc.state) as Partial<AccumulatorState>) : {};
  const stats = items.map((it) => it.stats);
  const live = figuresFromAccumulator(state[policy] ?? createAccumulator(), stats);
  const fromSnap = new Map((snapshot?.items ?? []).map((it) => [it.item, it]));
  const merged: SnapshotItem[] = live.items.map((f, i) => {
    const it = items[i]!;
    const old = fromSnap.get(f.item);
    const out: SnapshotItem = {
      ...f,
      discriminativeEfficiency: old?.discriminativeEfficiency ?? null,
      type: it.type,
      maxScore: it.maxScore,
    };
    if (old?.options) out.options = old.options;
    if (old?.responseGroups) out.responseGroups = old.responseGroups;
    if (old?.breakdown) out.breakdown = old.breakdown;
    return out;
  });
  return {
    test: { ...live.test, median: snapshot?.test.median ?? null },
    items: merged,
    policy,
    computedAt: acc && acc.version >= 0 ? acc.changed_at : snapshotAt,
    attempts: live.test.n,
    fresh: false,
    snapshotComputedAt: snapshotAt,
  };
}
