/** Which attempts count (statistics.md, `attempts`). */
import type { AttemptPolicy } from "./types.ts";

/** A timestamp in ms for ordering; unparseable or missing → NaN (falls back to input order). */
export function timeOf(v: string | number | Date | undefined): number {
  if (v === undefined) return Number.NaN;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  return Date.parse(v);
}

/**
 * Indices (ascending) of the attempts the policy keeps. `order` is the submission time per attempt; ties and
 * missing times fall back to the input position, so the result never depends on sort stability. `best` keeps the
 * highest total, and among equal totals the earliest attempt (the one that reached it first).
 */
export function selectAttemptIndices(
  students: ArrayLike<string>,
  order: ArrayLike<number> | undefined,
  totals: ArrayLike<number>,
  policy: AttemptPolicy,
): number[] {
  const count = students.length;
  if (policy === "all") return Array.from({ length: count }, (_, i) => i);
  const t = (i: number) => {
    const v = order ? order[i]! : Number.NaN;
    return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  };
  // "a before b" in submission order; the input position breaks ties.
  const before = (a: number, b: number) => t(a) < t(b) || (t(a) === t(b) && a < b);
  const chosen = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const student = students[i]!;
    const cur = chosen.get(student);
    if (cur === undefined) {
      chosen.set(student, i);
      continue;
    }
    let better: boolean;
    if (policy === "first") better = before(i, cur);
    else if (policy === "last") better = before(cur, i);
    else better = totals[i]! > totals[cur]! || (totals[i]! === totals[cur]! && before(i, cur));
    if (better) chosen.set(student, i);
  }
  return [...chosen.values()].sort((a, b) => a - b);
}
