import { tQuantile, tTwoSided } from "./t-distribution.ts";

/** One coefficient of a linear model, as R's `summary(lm(…))` and `confint()` report it. */
export interface OlsCoefficient {
  estimate: number;
  se: number;
  /** Null when the fit is perfect (residual variance 0), where the t statistic is undefined. */
  t: number | null;
  p: number | null;
  low: number;
  high: number;
}

export interface OlsFit {
  /** Residual degrees of freedom, n − rank. */
  df: number;
  /** Residual standard error. */
  sigma: number;
  /** In the order given (after "(Intercept)"); null for a predictor dropped as collinear (R's NA). */
  coefficients: Record<string, OlsCoefficient | null>;
}

// R's lm() treats a column as collinear with the ones before it when what is left of it is below this share of
// its own norm (dqrdc2's default tolerance).
const COLLINEAR_TOLERANCE = 1e-7;

/**
 * Ordinary least squares y ~ 1 + predictors by Householder QR, columns taken in order and a collinear column
 * dropped as R does. Null when there are no residual degrees of freedom or the rows disagree in length.
 */
export function ols(
  y: readonly number[],
  predictors: Record<string, readonly number[]>,
  confLevel = 0.95,
): OlsFit | null {
  const n = y.length;
  const names = ["(Intercept)", ...Object.keys(predictors)];
  const columns = [new Array<number>(n).fill(1), ...Object.values(predictors).map((c) => [...c])];
  if (columns.some((c) => c.length !== n)) return null;
  const qty = [...y];
  const reflections: { v: number[]; row: number }[] = [];
  const kept: number[] = []; // indexes of the columns kept, in order
  const r: number[][] = []; // r[k] = the kept columns' entries in row k (upper triangle)
  const transformed: number[][] = [];

  for (let j = 0; j < columns.length; j++) {
    const col = columns[j]!;
    const original = Math.sqrt(col.reduce((s, v) => s + v * v, 0));
    for (const h of reflections) reflect(h, col);
    const row = reflections.length;
    let norm = 0;
    for (let i = row; i < n; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    if (row >= n || original === 0 || norm < COLLINEAR_TOLERANCE * original) continue;
    // The Householder vector that maps col[row..] onto −sign·norm·e₁.
    const alpha = col[row]! >= 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = row; i < n; i++) v[i] = col[i]!;
    v[row] = v[row]! - alpha;
    const h = { v, row };
    reflect(h, col);
    reflections.push(h);
    kept.push(j);
    transformed.push(col);
  }
  for (const h of reflections) reflect(h, qty);
  const rank = kept.length;
  for (let k = 0; k < rank; k++) r.push(transformed.map((c) => c[k]!));
  const df = n - rank;
  if (df < 1 || rank === 0) return null;

  // Back substitution for the coefficients, and R⁻¹ for their covariance σ²·R⁻¹R⁻ᵀ.
  const beta = new Array<number>(rank).fill(0);
  for (let k = rank - 1; k >= 0; k--) {
    let s = qty[k]!;
    for (let m = k + 1; m < rank; m++) s -= r[k]![m]! * beta[m]!;
    beta[k] = s / r[k]![k]!;
  }
  const rinv: number[][] = Array.from({ length: rank }, () => new Array<number>(rank).fill(0));
  for (let c = 0; c < rank; c++) {
    for (let k = c; k >= 0; k--) {
      let s = k === c ? 1 : 0;
      for (let m = k + 1; m <= c; m++) s -= r[k]![m]! * rinv[m]![c]!;
      rinv[k]![c] = s / r[k]![k]!;
    }
  }
  let rss = 0;
  for (let i = rank; i < n; i++) rss += qty[i]! * qty[i]!;
  const sigma = Math.sqrt(rss / df);
  // A fit whose residual sd is below 1e-12 of the fitted values' size is perfect up to rounding: its t and p are
  // noise (R prints them anyway and warns below 1e-30 in variance), so they are reported as undefined.
  const originals = [null, ...Object.values(predictors)];
  const fitted = y.map((_, i) => kept.reduce((s, j, k) => s + (j === 0 ? 1 : originals[j]![i]!) * beta[k]!, 0));
  const perfect = rss / df < meanSquare(fitted) * 1e-24;
  const q = tQuantile(1 - (1 - confLevel) / 2, df);

  const coefficients: Record<string, OlsCoefficient | null> = {};
  for (const name of names) coefficients[name] = null;
  kept.forEach((j, k) => {
    let v = 0;
    for (let c = k; c < rank; c++) v += rinv[k]![c]! ** 2;
    const se = sigma * Math.sqrt(v);
    const estimate = beta[k]!;
    const t = se > 0 && !perfect ? estimate / se : null;
    coefficients[names[j]!] = {
      estimate,
      se,
      t,
      p: t === null ? null : tTwoSided(t, df),
      low: estimate - q * se,
      high: estimate + q * se,
    };
  });
  return { df, sigma, coefficients };
}

/** mean² + variance, R's yardstick for a perfect fit. */
function meanSquare(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return mean * mean + variance;
}

/** Applies the reflection I − 2vvᵀ/(vᵀv) to x in place. */
function reflect(h: { v: number[]; row: number }, x: number[]): void {
  let vv = 0;
  let vx = 0;
  for (let i = h.row; i < x.length; i++) {
    vv += h.v[i]! * h.v[i]!;
    vx += h.v[i]! * x[i]!;
  }
  if (vv === 0) return;
  const f = (2 * vx) / vv;
  for (let i = h.row; i < x.length; i++) x[i] = x[i]! - f * h.v[i]!;
}
