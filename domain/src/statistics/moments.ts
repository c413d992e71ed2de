/**
 * The figures of statistics.md computed from sums. Both the full recompute and the running accumulator end here,
 * so the two can only differ by rounding, never by formula.
 *
 * Sums are kept about a shift (kx, kt): Σ(x − kx), Σ(x − kx)², … Any shift gives the same figures in exact
 * arithmetic; a shift near the mean avoids the cancellation of Σx² − (Σx)²/n in floating point.
 */
import { randomGuessScore } from "./guess.ts";
import type { ItemAnalysis, ItemFigures, ItemFlag, StatsItem, TestFigures } from "./types.ts";

/** Sums over the attempts that contain one item; T sums use the test's shift `kt`. */
export interface ItemSums {
  n: number;
  kx: number;
  sx: number;
  sxx: number;
  sxt: number;
  st: number;
  stt: number;
}

/** Power sums of (T − kt) over the S attempts. */
export interface TestSums {
  S: number;
  kt: number;
  t1: number;
  t2: number;
  t3: number;
  t4: number;
}

/**
 * Variances and covariances this small relative to the squared score range are rounding noise around an exact 0
 * (e.g. every student scored the same). Snapping them to 0 keeps "undefined" and the sign-based rules (negative
 * covariance, negative discrimination) identical between the incremental and the full computation.
 */
export const ZERO_TOLERANCE = 1e-12;

export function snap(v: number, scale: number): number {
  return Math.abs(v) <= ZERO_TOLERANCE * scale ? 0 : v;
}

/** Sample covariance from shifted sums; the n·Σab − Σa·Σb form is exact for small dyadic scores. */
function sampleCov(n: number, sa: number, sb: number, sab: number): number {
  return (n * sab - sa * sb) / (n * (n - 1));
}

export function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export interface Derived {
  analysis: ItemAnalysis;
  /** cov(x_i, R_i) per item (snapped), or null; the full recompute needs it for discriminative efficiency. */
  covXR: (number | null)[];
}

export function figuresFromSums(
  test: TestSums,
  sums: readonly (ItemSums | undefined)[],
  items: readonly StatsItem[],
): Derived {
  let maxTotal = 0;
  for (const it of items) if (it.maxScore > 0) maxTotal += it.maxScore;

  const { S } = test;
  const d1 = S > 0 ? test.t1 / S : 0;
  const mean = S > 0 ? test.kt + d1 : null;
  // Central moments m_k = Σ(T − mean)^k / S, expanded about the shift.
  const m2 = S > 0 ? snap((S * test.t2 - test.t1 * test.t1) / (S * S), maxTotal * maxTotal) : 0;
  const m3 = S > 0 ? test.t3 / S - 3 * d1 * (test.t2 / S) + 2 * d1 ** 3 : 0;
  const m4 = S > 0 ? test.t4 / S - 4 * d1 * (test.t3 / S) + 6 * d1 * d1 * (test.t2 / S) - 3 * d1 ** 4 : 0;
  const k2 = S > 1 ? (S * m2) / (S - 1) : null;

  let skewness: number | null = null;
  if (S > 2 && k2 !== null && k2 > 0) {
    const k3 = (S * S * m3) / ((S - 1) * (S - 2));
    skewness = finite(k3 / k2 ** 1.5);
  }
  let kurtosis: number | null = null;
  if (S > 3 && k2 !== null && k2 > 0) {
    const k4 = (S * S * ((S + 1) * m4 - 3 * (S - 1) * m2 * m2)) / ((S - 1) * (S - 2) * (S - 3));
    kurtosis = finite(k4 / (k2 * k2));
  }

  const covXR: (number | null)[] = [];
  const covXT: (number | null)[] = [];
  const figures: ItemFigures[] = items.map((it, i) => {
    const s = sums[i];
    const n = s?.n ?? 0;
    const m = it.maxScore;
    const f: ItemFigures = {
      item: it.id,
      n,
      facility: null,
      sd: null,
      randomGuessScore: randomGuessScore(it.meta),
      intendedWeight: maxTotal > 0 && m >= 0 ? m / maxTotal : null,
      // An item worth nothing weighs nothing in the total (statistics.md, as Moodle): 0, not "unknown".
      effectiveWeight: m === 0 && n > 0 ? 0 : null,
      discriminationIndex: null,
      discriminativeEfficiency: null,
      flags: [],
    };
    covXR.push(null);
    covXT.push(null);
    if (!s || n === 0 || !(m > 0)) return f;
    f.facility = finite((s.kx + s.sx / n) / m);
    if (n < 2) return f;
    const varX = snap(sampleCov(n, s.sx, s.sx, s.sxx), m * m);
    const varT = snap(sampleCov(n, s.st, s.st, s.stt), maxTotal * maxTotal);
    // An item that does not vary cannot co-vary (Cauchy–Schwarz): force the exact 0 rounding may have blurred.
    const cXT = varX === 0 ? 0 : snap(sampleCov(n, s.sx, s.st, s.sxt), m * maxTotal);
    // R's figures are differences of T's, so their rounding noise is on T's scale, not on the rest's maximum.
    const cXR = snap(cXT - varX, m * maxTotal);
    const varR = snap(varT - 2 * cXT + varX, maxTotal * maxTotal);
    f.sd = finite(Math.sqrt(Math.max(0, varX)) / m);
    covXT[i] = cXT;
    covXR[i] = cXR;
    if (varX > 0 && varR > 0) {
      f.discriminationIndex = finite(Math.max(-1, Math.min(1, cXR / Math.sqrt(varX * varR))));
    }
    return f;
  });

  // Effective weight: share of √cov(x_i, T) among the items whose covariance is not negative.
  let rootSum = 0;
  for (const c of covXT) if (c !== null && c >= 0) rootSum += Math.sqrt(c);
  figures.forEach((f, i) => {
    const c = covXT[i] ?? null;
    if (c !== null && c >= 0 && rootSum > 0) f.effectiveWeight = Math.sqrt(c) / rootSum;
    f.flags = flagsOf(f);
  });

  const testFigures: TestFigures = {
    n: S,
    mean,
    median: null,
    sd: k2 === null ? null : Math.sqrt(k2),
    skewness,
    kurtosis,
    cic: null,
    errorRatio: null,
    standardError: null,
    maxScore: maxTotal,
  };
  testFigures.cic = cronbachAlpha(items, sums, k2);
  if (testFigures.cic !== null) {
    const gap = snap(1 - testFigures.cic, 1);
    testFigures.errorRatio = gap >= 0 ? Math.sqrt(gap) : null;
    if (testFigures.errorRatio !== null && testFigures.sd !== null) {
      testFigures.standardError = testFigures.errorRatio * testFigures.sd;
    }
  }
  return { analysis: { test: testFigures, items: figures }, covXR };
}

/** α over the P scored items seen in at least one attempt; null when any of them has no variance yet. */
function cronbachAlpha(
  items: readonly StatsItem[],
  sums: readonly (ItemSums | undefined)[],
  k2: number | null,
): number | null {
  if (k2 === null || !(k2 > 0)) return null;
  let P = 0;
  let sumVar = 0;
  for (let i = 0; i < items.length; i++) {
    const m = items[i]!.maxScore;
    const s = sums[i];
    if (!(m > 0) || !s || s.n === 0) continue;
    if (s.n < 2) return null;
    P++;
    sumVar += snap(sampleCov(s.n, s.sx, s.sx, s.sxx), m * m);
  }
  if (P < 2) return null;
  return finite((P / (P - 1)) * (1 - sumVar / k2));
}

export function flagsOf(f: ItemFigures): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (f.facility !== null && f.facility >= 0.95) flags.push("too_easy");
  if (f.facility !== null && f.facility <= 0.05) flags.push("too_hard");
  if (f.discriminationIndex !== null && f.discriminationIndex < 0.3) flags.push("low_discrimination");
  if (f.discriminationIndex !== null && f.discriminationIndex < 0) flags.push("negative_discrimination");
  if (f.randomGuessScore !== null && f.randomGuessScore > 0.4) flags.push("random_guess_high");
  return flags;
}
