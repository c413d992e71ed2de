/**
 * Full item analysis (statistics.md): the accurate recompute that also yields the median and the discriminative
 * efficiency, which running sums cannot give. Works on a flat Float64Array so a million responses cost a few
 * linear passes and P sorts, with no object per response.
 */
import { figuresFromSums, type ItemSums, snap } from "./moments.ts";
import { selectAttemptIndices, timeOf } from "./select.ts";
import type { AttemptPolicy, AttemptScores, ItemAnalysis, StatsItem } from "./types.ts";

export interface ScoreMatrix {
  items: readonly StatsItem[];
  /** S × P scores, attempt-major: scores[s * P + i]. NaN = item i was not in attempt s (left out of its figures). */
  scores: Float64Array;
  attemptIds?: readonly string[];
  /** Needed to apply a policy other than `all`. */
  students?: readonly string[];
  /** Submission times in ms (orders `first`/`last`); input order when absent. */
  submittedAt?: ArrayLike<number>;
  /** Default: `first` when students are given, otherwise `all` (each row its own attempt). */
  attempts?: AttemptPolicy;
}

export function computeItemStats(input: ScoreMatrix): ItemAnalysis {
  const P = input.items.length;
  const rows = P === 0 ? 0 : input.scores.length / P;
  if (!Number.isInteger(rows)) throw new Error("computeItemStats: scores.length is not a multiple of items.length");
  const totals = new Float64Array(rows);
  for (let s = 0; s < rows; s++) {
    let t = 0;
    const base = s * P;
    for (let i = 0; i < P; i++) {
      const x = input.scores[base + i]!;
      if (!Number.isNaN(x)) t += x;
    }
    totals[s] = t;
  }
  const policy = input.attempts ?? (input.students ? "first" : "all");
  if (policy !== "all" && !input.students) throw new Error(`computeItemStats: policy "${policy}" needs students`);
  if (policy === "all") return analyse(input.items, input.scores, totals, null);
  const keep = Uint32Array.from(selectAttemptIndices(input.students!, input.submittedAt, totals, policy));
  return analyse(input.items, input.scores, totals, keep);
}

/** Row form for callers that hold attempts as objects (the API, the CSV analyzer). */
export function analyzeAttempts(
  attempts: readonly AttemptScores[],
  items: readonly StatsItem[],
  options: { attempts?: AttemptPolicy } = {},
): ItemAnalysis {
  const P = items.length;
  const scores = new Float64Array(attempts.length * P).fill(Number.NaN);
  attempts.forEach((a, s) => {
    items.forEach((it, i) => {
      const x = a.scores[it.id];
      if (typeof x === "number") scores[s * P + i] = x;
    });
  });
  return computeItemStats({
    items,
    scores,
    attemptIds: attempts.map((a) => a.id),
    students: attempts.map((a) => a.student),
    submittedAt: attempts.map((a) => timeOf(a.submittedAt)),
    attempts: options.attempts ?? "first",
  });
}

function analyse(
  items: readonly StatsItem[],
  scores: Float64Array,
  totals: Float64Array,
  keep: Uint32Array | null,
): ItemAnalysis {
  const P = items.length;
  const S = keep ? keep.length : totals.length;
  const row = (k: number) => (keep ? keep[k]! : k);

  // Pass 1: means, used as shifts so that pass 2 sums centred values (two-pass accuracy).
  let tSum = 0;
  const xSum = new Float64Array(P);
  const xN = new Float64Array(P);
  for (let k = 0; k < S; k++) {
    const s = row(k);
    tSum += totals[s]!;
    const base = s * P;
    for (let i = 0; i < P; i++) {
      const x = scores[base + i]!;
      if (!Number.isNaN(x)) {
        xSum[i]! += x;
        xN[i]!++;
      }
    }
  }
  const kt = S > 0 ? tSum / S : 0;
  const kx = new Float64Array(P);
  for (let i = 0; i < P; i++) kx[i] = xN[i]! > 0 ? xSum[i]! / xN[i]! : 0;

  // Pass 2: shifted sums.
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  const sx = new Float64Array(P);
  const sxx = new Float64Array(P);
  const sxt = new Float64Array(P);
  const st = new Float64Array(P);
  const stt = new Float64Array(P);
  for (let k = 0; k < S; k++) {
    const s = row(k);
    const d = totals[s]! - kt;
    const d2 = d * d;
    t1 += d;
    t2 += d2;
    t3 += d2 * d;
    t4 += d2 * d2;
    const base = s * P;
    for (let i = 0; i < P; i++) {
      const x = scores[base + i]!;
      if (Number.isNaN(x)) continue;
      const e = x - kx[i]!;
      sx[i]! += e;
      sxx[i]! += e * e;
      sxt[i]! += e * d;
      st[i]! += d;
      stt[i]! += d2;
    }
  }
  const sums: ItemSums[] = [];
  for (let i = 0; i < P; i++) {
    sums.push({ n: xN[i]!, kx: kx[i]!, sx: sx[i]!, sxx: sxx[i]!, sxt: sxt[i]!, st: st[i]!, stt: stt[i]! });
  }
  const { analysis, covXR } = figuresFromSums({ S, kt, t1, t2, t3, t4 }, sums, items);

  // Median of the totals.
  if (S > 0) {
    const sorted = new Float64Array(S);
    for (let k = 0; k < S; k++) sorted[k] = totals[row(k)]!;
    sorted.sort();
    const mid = S >> 1;
    analysis.test.median = S % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

  // Discriminative efficiency: cov(x, R) against its largest possible value, reached when x and R are ordered alike.
  const maxTotal = analysis.test.maxScore;
  const xs = new Float64Array(S);
  const rs = new Float64Array(S);
  for (let i = 0; i < P; i++) {
    const c = covXR[i];
    const m = items[i]!.maxScore;
    if (c === null || c === undefined) continue;
    let n = 0;
    for (let k = 0; k < S; k++) {
      const s = row(k);
      const x = scores[s * P + i]!;
      if (Number.isNaN(x)) continue;
      xs[n] = x;
      rs[n] = totals[s]! - x;
      n++;
    }
    const a = xs.subarray(0, n).sort();
    const b = rs.subarray(0, n).sort();
    const max = snap(pairedCov(a, b), m * maxTotal);
    if (max > 0) analysis.items[i]!.discriminativeEfficiency = c / max;
  }
  return analysis;
}

/** Two-pass sample covariance of two equally long series. */
function pairedCov(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < n; k++) {
    ma += a[k]!;
    mb += b[k]!;
  }
  ma /= n;
  mb /= n;
  let c = 0;
  for (let k = 0; k < n; k++) c += (a[k]! - ma) * (b[k]! - mb);
  return c / (n - 1);
}
