/**
 * Version comparison (methodology.md §1): item figures of two published versions of one exercise, each pooled over
 * every assignment that pinned it, and Welch's comparison of each item's score fractions in B against A.
 */
import { type Item, itemPoints } from "../content/schema.ts";
import { computeItemStats } from "../statistics/analysis.ts";
import { welchTTest } from "../statistics/inference/welch.ts";
import { selectAttemptIndices, timeOf } from "../statistics/select.ts";
import type { AttemptPolicy, StatsItem } from "../statistics/types.ts";

/** One submitted attempt of an assignment that pinned the version. */
export interface PooledAttempt {
  id: string;
  /** Unique per assignment and student (the policy picks per student within an assignment). */
  student: string;
  submittedAt?: string | number;
  /** Item id → points; null or absent = pending or not shown (left out of that item's figures). */
  scores: Readonly<Record<string, number | null | undefined>>;
  /** Item id → the error categories of that response (repeats kept). */
  categories?: Readonly<Record<string, readonly string[]>>;
}

export interface VersionSide {
  version: number;
  assignments: number;
  items: readonly Item[];
  attempts: readonly PooledAttempt[];
}

export interface ItemSideFigures {
  n: number;
  facility: number | null;
  discrimination: number | null;
  categories: Record<string, number>;
}

export interface FacilityDiff {
  estimate: number;
  low: number;
  high: number;
  p: number;
}

export interface ItemComparison {
  item: string;
  changed: boolean;
  status: "same" | "added" | "removed";
  from: ItemSideFigures | null;
  to: ItemSideFigures | null;
  facilityDiff: FacilityDiff | null;
}

export interface VersionComparison {
  from: { version: number; assignments: number; attempts: number };
  to: { version: number; assignments: number; attempts: number };
  items: ItemComparison[];
}

/** The page calls a difference real only with this many attempts on each side and an interval excluding 0. */
export const MIN_ATTEMPTS_FOR_DIFFERENCE = 10;

/** Whether a difference is "real" in the sense of §1 (else the page says "not enough data" or "no difference"). */
export function isRealDifference(c: Pick<ItemComparison, "from" | "to" | "facilityDiff">): boolean {
  const d = c.facilityDiff;
  if (!d || !c.from || !c.to) return false;
  if (c.from.n < MIN_ATTEMPTS_FOR_DIFFERENCE || c.to.n < MIN_ATTEMPTS_FOR_DIFFERENCE) return false;
  return d.low > 0 || d.high < 0;
}

// Labels that neither grade nor show the item: a change there alone does not make it `changed`.
const NOT_SHOWN = new Set(["skills", "tags", "category"]);

/** An item is changed when anything that grades or shows it differs (prompt, answers, options, points, media…). */
export function itemChanged(a: Item, b: Item): boolean {
  return canonical(a, true) !== canonical(b, true);
}

function canonical(value: unknown, top = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && !(top && NOT_SHOWN.has(k)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

interface SideAnalysis {
  counted: number;
  figures: Map<string, ItemSideFigures>;
  fractions: Map<string, number[]>;
}

function analyseSide(side: VersionSide, policy: AttemptPolicy): SideAnalysis {
  const items: StatsItem[] = side.items.map((it) => ({ id: it.id!, maxScore: itemPoints(it) }));
  const totals = side.attempts.map((a) =>
    items.reduce((t, it) => {
      const x = a.scores[it.id];
      return typeof x === "number" && !Number.isNaN(x) ? t + x : t;
    }, 0),
  );
  const keep = selectAttemptIndices(
    side.attempts.map((a) => a.student),
    side.attempts.map((a) => timeOf(a.submittedAt)),
    totals,
    policy,
  );
  const P = items.length;
  const scores = new Float64Array(keep.length * P).fill(Number.NaN);
  keep.forEach((s, row) => {
    const a = side.attempts[s]!;
    items.forEach((it, i) => {
      const x = a.scores[it.id];
      if (typeof x === "number") scores[row * P + i] = x;
    });
  });
  const analysis = computeItemStats({ items, scores, attempts: "all" });
  const figures = new Map<string, ItemSideFigures>();
  const fractions = new Map<string, number[]>();
  items.forEach((it, i) => {
    const values: number[] = [];
    const categories: Record<string, number> = {};
    keep.forEach((s, row) => {
      const x = scores[row * P + i]!;
      if (Number.isNaN(x)) return;
      if (it.maxScore > 0) values.push(x / it.maxScore);
      for (const c of side.attempts[s]!.categories?.[it.id] ?? []) categories[c] = (categories[c] ?? 0) + 1;
    });
    const f = analysis.items[i]!;
    figures.set(it.id, { n: f.n, facility: f.facility, discrimination: f.discriminationIndex, categories });
    fractions.set(it.id, values);
  });
  return { counted: keep.length, figures, fractions };
}

/** Compares version B (`to`) against version A (`from`), items matched by id. */
export function compareVersions(
  from: VersionSide,
  to: VersionSide,
  policy: AttemptPolicy = "first",
): VersionComparison {
  const a = analyseSide(from, policy);
  const b = analyseSide(to, policy);
  const fromItems = new Map(from.items.map((it) => [it.id!, it]));
  const toIds = new Set(to.items.map((it) => it.id!));
  const items: ItemComparison[] = [];
  for (const it of to.items) {
    const before = fromItems.get(it.id!);
    const diff = before ? welchTTest(b.fractions.get(it.id!)!, a.fractions.get(it.id!)!) : null;
    items.push({
      item: it.id!,
      changed: before ? itemChanged(before, it) : true,
      status: before ? "same" : "added",
      from: before ? a.figures.get(it.id!)! : null,
      to: b.figures.get(it.id!)!,
      facilityDiff: diff && { estimate: diff.estimate, low: diff.low, high: diff.high, p: diff.p },
    });
  }
  for (const it of from.items) {
    if (toIds.has(it.id!)) continue;
    items.push({
      item: it.id!,
      changed: true,
      status: "removed",
      from: a.figures.get(it.id!)!,
      to: null,
      facilityDiff: null,
    });
  }
  return {
    from: { version: from.version, assignments: from.assignments, attempts: a.counted },
    to: { version: to.version, assignments: to.assignments, attempts: b.counted },
    items,
  };
}
