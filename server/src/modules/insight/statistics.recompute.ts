/**
 * The full recompute of an assignment's statistics: one aggregated query into a Float64Array (attempt-major), the
 * domain's `computeItemStats` for each policy (median and discriminative efficiency need all the data), the option
 * distributions and response groups, stored as one snapshot per policy. It runs debounced after changes (a job
 * per assignment, ~2 s after the first change), never on a page's critical path except for small assignments
 * that have no figures at all yet.
 */

import {
  ATTEMPT_POLICIES,
  type ChoiceAnswer,
  computeItemStats,
  type ItemAnalysis,
  type ItemBreakdown,
  type OptionDistribution,
  optionDistribution,
  type ResponseGroup,
  type ResponseVerdict,
  responseGroups,
  selectAttemptIndices,
  statisticsKindOf,
  type TypedResponse,
} from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { invalidateDashboard } from "./dashboard.service.ts";
import { BREAKDOWN_TYPES, itemBreakdown } from "./statistics.breakdown.ts";
import * as repo from "./statistics.repository.ts";
import { type AssignmentItem, assignmentItems } from "./statistics.shared.ts";

export const RECOMPUTE_JOB = "analytics.recompute";
export const RECOMPUTE_DELAY_MS = 2_000;
/** Response groups kept per item: the long tail of one-off answers says little and bloats the snapshot. */
const RESPONSE_GROUP_LIMIT = 50;

export type SnapshotItem = ItemAnalysis["items"][number] & {
  type: string;
  maxScore: number;
  options?: OptionDistribution;
  responseGroups?: ResponseGroup[];
  /** Matching, ordering, mark-the-words: what students chose per pair, position or word. */
  breakdown?: ItemBreakdown;
};
export interface Snapshot {
  test: ItemAnalysis["test"];
  items: SnapshotItem[];
}

/** Loads the score matrix in the form `computeItemStats` takes; exported for the benchmark. */
export async function loadMatrix(ctx: AppContext, orgId: string, assignmentId: string, items: AssignmentItem[]) {
  const itemIds = items.map((it) => it.id);
  const m = await repo.loadScoreMatrix(ctx.database.db, orgId, assignmentId, itemIds);
  const submittedAt = new Float64Array(m.submittedAtIso.length);
  for (let s = 0; s < submittedAt.length; s++) submittedAt[s] = Date.parse(m.submittedAtIso[s]!);
  return { ...m, submittedAt, itemIds };
}

function verdictOf(status: string, categories: readonly string[]): ResponseVerdict | null {
  if (status === "pending") return null;
  if (status === "blank") return "blank";
  if (status === "correct") return categories.includes("spelling") ? "accepted_with_typo" : "correct";
  return "incorrect";
}

function selectedOf(type: string, response: string | null): string[] {
  if (!response) return [];
  try {
    const r = JSON.parse(response) as { selected?: unknown; value?: unknown };
    if (type === "true_false") return typeof r.value === "boolean" ? [String(r.value)] : [];
    return Array.isArray(r.selected) ? r.selected.map(String) : [];
  } catch {
    return [];
  }
}

function optionIdsOf(it: AssignmentItem): string[] {
  if (it.item.type === "true_false") return ["true", "false"];
  if (it.item.type === "multiple_choice") return it.item.options.map((o) => o.id ?? "");
  return [];
}

/**
 * Recomputes every policy's snapshot of one assignment. The accumulator version is read first: a change that lands
 * during the recompute leaves the snapshot marked older than the sums, so the page keeps the live figures and the
 * next recompute catches up.
 */
export async function recomputeAssignment(ctx: AppContext, orgId: string, assignmentId: string) {
  const started = performance.now();
  const db = ctx.database.db;
  const assignment = await repo.findAssignment(db, orgId, assignmentId);
  if (!assignment) return null;
  const acc = await repo.findAccumulator(db, orgId, assignmentId);
  const sourceVersion = acc ? acc.version : 0;
  const items = await assignmentItems(ctx, assignment);
  const m = await loadMatrix(ctx, orgId, assignmentId, items);
  const S = m.attemptIds.length;
  const P = items.length;
  const totals = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let t = 0;
    for (let i = 0; i < P; i++) {
      const x = m.scores[s * P + i]!;
      if (!Number.isNaN(x)) t += x;
    }
    totals[s] = t;
  }
  const rowOf = new Map(m.attemptIds.map((id, s) => [id, s]));
  const byId = new Map(items.map((it) => [it.id, it]));
  const detailItems = items.filter(
    (it) =>
      statisticsKindOf(it.type) === "choice" || statisticsKindOf(it.type) === "typed" || BREAKDOWN_TYPES.has(it.type),
  );
  const answers = await repo.loadAnswerRows(
    db,
    orgId,
    assignmentId,
    detailItems.map((it) => it.id),
  );

  const snaps = ATTEMPT_POLICIES.map((policy) => {
    const analysis = computeItemStats({
      items: items.map((it) => it.stats),
      scores: m.scores,
      attemptIds: m.attemptIds,
      students: m.students,
      submittedAt: m.submittedAt,
      attempts: policy,
    });
    const kept = new Uint8Array(S);
    for (const s of selectAttemptIndices(m.students, m.submittedAt, totals, policy)) kept[s] = 1;
    const choices = new Map<string, ChoiceAnswer[]>();
    const typed = new Map<string, TypedResponse[]>();
    const structured = new Map<string, (string | null)[]>();
    for (const a of answers) {
      const s = rowOf.get(a.attempt_id);
      if (s === undefined || !kept[s]) continue;
      const it = byId.get(a.item_id);
      if (!it) continue;
      if (statisticsKindOf(it.type) === "choice") {
        if (a.status === "pending") continue;
        const list = choices.get(it.id) ?? [];
        list.push({ total: totals[s]!, selected: a.status === "blank" ? [] : selectedOf(it.type, a.response) });
        choices.set(it.id, list);
      } else if (BREAKDOWN_TYPES.has(it.type)) {
        if (a.status === "pending") continue;
        const list = structured.get(it.id) ?? [];
        list.push(a.status === "blank" ? null : a.response);
        structured.set(it.id, list);
      } else {
        const categories = parseCategories(a.error_categories);
        const verdict = verdictOf(a.status, categories);
        if (!verdict) continue;
        const list = typed.get(it.id) ?? [];
        list.push({ response: a.normalized_text ?? "", verdict, categories });
        typed.set(it.id, list);
      }
    }
    const snapshot: Snapshot = {
      test: analysis.test,
      items: analysis.items.map((f, i) => {
        const it = items[i]!;
        const out: SnapshotItem = { ...f, type: it.type, maxScore: it.maxScore };
        if (statisticsKindOf(it.type) === "choice")
          out.options = optionDistribution(choices.get(it.id) ?? [], optionIdsOf(it));
        if (statisticsKindOf(it.type) === "typed") {
          out.responseGroups = responseGroups(typed.get(it.id) ?? [], { limit: RESPONSE_GROUP_LIMIT });
        }
        if (BREAKDOWN_TYPES.has(it.type)) {
          const b = itemBreakdown(it.item, structured.get(it.id) ?? []);
          if (b) out.breakdown = b;
        }
        return out;
      }),
    };
    return { policy, analysis: snapshot, attempts: analysis.test.n, sourceVersion };
  });
  const durationMs = performance.now() - started;
  try {
    await db.transaction().execute(async (trx) => {
      await repo.saveSnapshots(
        trx,
        orgId,
        assignmentId,
        snaps.map((s) => ({ ...s, durationMs })),
      );
    });
  } catch (err) {
    // Two recomputes of one assignment raced (two workers, or a page's synchronous one): the other one's snapshot
    // is as good as ours.
    if (!isUniqueViolation(err)) throw err;
  }
  // The dashboard's items to review come from the snapshot just written: its cached copy is stale now.
  await invalidateDashboard(ctx, orgId, assignment.class_id);
  ctx.logger.debug({ assignmentId, attempts: S, durationMs }, "statistics recomputed");
  return { attempts: S, durationMs };
}

export function parseCategories(text: string | null): string[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === "string") : [];
  } catch {
    return [];
  }
}

// ---- scheduling ------------------------------------------------------------------------------------------------

const timers = new WeakMap<AppContext, { pending: Map<string, NodeJS.Timeout>; running: Set<Promise<unknown>> }>();

/**
 * Asks for a full recompute ~2 s from now: a job when this process runs the job system (`ctx.jobs.started`), else
 * an in-process timer that debounces the same way. Changes within the window share one recompute; a change while one runs
 * schedules the next, so the last change is always followed by a recompute. Closing the context cancels what has
 * not started and waits for what has (it must not outlive the database).
 */
export async function scheduleRecompute(ctx: AppContext, orgId: string, assignmentId: string): Promise<void> {
  if (ctx.jobs.started) {
    // The jobId dedupes while the recompute waits (pendingOnly: a finished one never blocks the next): changes
    // while a recompute waits share it. A change while it runs is caught by the next change or by the statistics
    // page, which asks again whenever the snapshot is older than the sums.
    try {
      await ctx.jobs.enqueue(
        RECOMPUTE_JOB,
        { organizationId: orgId, assignmentId },
        { jobId: `analytics.recompute.${assignmentId}`, pendingOnly: true, delay: RECOMPUTE_DELAY_MS },
      );
    } catch (err) {
      // The live figures stay right; only median and discriminative efficiency wait for the next change.
      ctx.logger.warn({ err: (err as Error).message, assignmentId }, "could not enqueue the statistics recompute");
    }
    return;
  }
  let mine = timers.get(ctx);
  if (!mine) {
    const created = { pending: new Map<string, NodeJS.Timeout>(), running: new Set<Promise<unknown>>() };
    mine = created;
    timers.set(ctx, created);
    ctx.onClose(async () => {
      for (const t of created.pending.values()) clearTimeout(t);
      created.pending.clear();
      await Promise.allSettled([...created.running]);
    });
  }
  const { pending, running } = mine;
  if (pending.has(assignmentId)) return;
  const timer = setTimeout(() => {
    pending.delete(assignmentId);
    const run = recomputeAssignment(ctx, orgId, assignmentId)
      .catch((err) => ctx.logger.error({ err, assignmentId }, "statistics recompute failed"))
      .finally(() => running.delete(run));
    running.add(run);
  }, RECOMPUTE_DELAY_MS);
  timer.unref();
  pending.set(assignmentId, timer);
}
