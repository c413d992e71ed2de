import { incompleteBeta, logGamma } from "./special.ts";

/** Student's t distribution with `df` degrees of freedom (df > 0, not necessarily whole, as Welch's are). */

/** P(|T| ≥ |t|): the two-sided tail probability. */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // x = df / (df + t²) and 1 − x = t² / (df + t²), each computed directly so neither tail loses digits.
  return incompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  const tail = tTwoSided(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** The density of T at t. */
export function tDensity(t: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The quantile: the t with P(T ≤ t) = p. Solved on the two-sided tail (accurate in both tails) by Newton's method
 * kept inside a bracket that bisection narrows, so it cannot diverge for small df.
 */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const sign = p > 0.5 ? 1 : -1;
  const target = 2 * (p > 0.5 ? 1 - p : p); // the two-sided tail at the answer's absolute value
  let lo = 0;
  let hi = 1;
  while (tTwoSided(hi, df) > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return sign * Number.POSITIVE_INFINITY;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 300; i++) {
    const f = tTwoSided(t, df) - target; // decreasing in t
    if (f === 0) break;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / (2 * tDensity(t, df));
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return sign * t;
}
