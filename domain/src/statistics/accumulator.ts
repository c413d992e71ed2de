/**
 * Running sums for live statistics (statistics.md, "Freshness"). The accumulator is a plain JSON object so it can
 * be stored next to the assignment and updated on each submission; a re-grade is `removeAttempt(old)` then
 * `addAttempt(new)`. Functions return a new accumulator and never change their argument.
 *
 * Sums are kept about shifts fixed by the first value seen (the shifted-data method): the totals then stay near
 * the data's own scale and Σx² − (Σx)²/n keeps its precision without needing the final mean in advance.
 */
import { figuresFromSums, type ItemSums } from "./moments.ts";
import type { ItemAnalysis, StatsItem } from "./types.ts";

export interface StatsAccumulator {
  version: 1;
  /** Item ids in the order of the per-item arrays; an unseen item is appended when it first occurs. */
  items: string[];
  /** S, the number of attempts. */
  S: number;
  /** Shift of the totals; null until the first attempt. */
  kt: number | null;
  /** Σ(T − kt)^k for k = 1..4. */
  t1: number;
  t2: number;
  t3: number;
  t4: number;
  /** Per item, over the attempts that contain it: count, shift, Σ(x−kx), Σ(x−kx)², Σ(x−kx)(T−kt), Σ(T−kt), Σ(T−kt)². */
  n: number[];
  kx: number[];
  sx: number[];
  sxx: number[];
  sxt: number[];
  st: number[];
  stt: number[];
}

/** Item id → points; absent, null, undefined or NaN means the item was not part of the attempt. */
export type ScoreMap = Readonly<Record<string, number | null | undefined>>;

export function createAccumulator(itemIds: readonly string[] = []): StatsAccumulator {
  const zeros = () => itemIds.map(() => 0);
  return {
    version: 1,
    items: [...itemIds],
    S: 0,
    kt: null,
    t1: 0,
    t2: 0,
    t3: 0,
    t4: 0,
    n: zeros(),
    kx: zeros(),
    sx: zeros(),
    sxx: zeros(),
    sxt: zeros(),
    st: zeros(),
    stt: zeros(),
  };
}

function copy(acc: StatsAccumulator): StatsAccumulator {
  return {
    ...acc,
    items: [...acc.items],
    n: [...acc.n],
    kx: [...acc.kx],
    sx: [...acc.sx],
    sxx: [...acc.sxx],
    sxt: [...acc.sxt],
    st: [...acc.st],
    stt: [...acc.stt],
  };
}

function present(scores: ScoreMap): [string, number][] {
  const out: [string, number][] = [];
  for (const [id, x] of Object.entries(scores)) if (typeof x === "number" && !Number.isNaN(x)) out.push([id, x]);
  return out;
}

function apply(acc: StatsAccumulator, scores: ScoreMap, sign: 1 | -1): StatsAccumulator {
  const next = copy(acc);
  const entries = present(scores);
  let total = 0;
  for (const [, x] of entries) total += x;
  // An empty accumulator holds only rounding residue: start afresh about this attempt's values.
  if (sign > 0 && next.S === 0) Object.assign(next, { kt: total, t1: 0, t2: 0, t3: 0, t4: 0 });
  if (next.kt === null) throw new Error("removeAttempt: the accumulator is empty");
  const kt = next.kt;
  const d = total - kt;
  const d2 = d * d;
  next.S += sign;
  next.t1 += sign * d;
  next.t2 += sign * d2;
  next.t3 += sign * d2 * d;
  next.t4 += sign * d2 * d2;
  for (const [id, x] of entries) {
    let i = next.items.indexOf(id);
    if (i < 0) {
      if (sign < 0) throw new Error(`removeAttempt: item "${id}" was never added`);
      i = next.items.push(id) - 1;
      for (const key of ["n", "kx", "sx", "sxx", "sxt", "st", "stt"] as const) next[key].push(0);
    }
    if (sign > 0 && next.n[i] === 0) {
      next.kx[i] = x;
      for (const key of ["sx", "sxx", "sxt", "st", "stt"] as const) next[key][i] = 0;
    }
    const e = x - next.kx[i]!;
    next.n[i]! += sign;
    next.sx[i]! += sign * e;
    next.sxx[i]! += sign * e * e;
    next.sxt[i]! += sign * e * d;
    next.st[i]! += sign * d;
    next.stt[i]! += sign * d2;
    if (next.n[i]! < 0) throw new Error(`removeAttempt: item "${id}" has no attempt left to remove`);
  }
  if (next.S < 0) throw new Error("removeAttempt: the accumulator is empty");
  return next;
}

/** Adds one submitted attempt's item scores. */
export function addAttempt(acc: StatsAccumulator, scores: ScoreMap): StatsAccumulator {
  return apply(acc, scores, 1);
}

/** Removes an attempt previously added with exactly these scores (re-grade: remove the old, add the new). */
export function removeAttempt(acc: StatsAccumulator, scores: ScoreMap): StatsAccumulator {
  return apply(acc, scores, -1);
}

/**
 * Every figure that running sums allow, for the given items in their order. `median` and
 * `discriminativeEfficiency` need the full data and are null here; the worker fills them with `computeItemStats`.
 */
export function figuresFromAccumulator(acc: StatsAccumulator, items: readonly StatsItem[]): ItemAnalysis {
  const sums: (ItemSums | undefined)[] = items.map((it) => {
    const i = acc.items.indexOf(it.id);
    if (i < 0) return undefined;
    return {
      n: acc.n[i]!,
      kx: acc.kx[i]!,
      sx: acc.sx[i]!,
      sxx: acc.sxx[i]!,
      sxt: acc.sxt[i]!,
      st: acc.st[i]!,
      stt: acc.stt[i]!,
    };
  });
  const test = { S: acc.S, kt: acc.kt ?? 0, t1: acc.t1, t2: acc.t2, t3: acc.t3, t4: acc.t4 };
  return figuresFromSums(test, sums, items).analysis;
}
