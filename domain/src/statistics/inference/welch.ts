import { type SampleSummary, summarize } from "./moments.ts";
import { tQuantile, tTwoSided } from "./t-distribution.ts";

/** A difference of means with its confidence interval, as R's `t.test(x, y, var.equal = FALSE)` reports it. */
export interface WelchResult {
  /** mean(x) − mean(y) */
  estimate: number;
  low: number;
  high: number;
  p: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  se: number;
}

/**
 * Welch's two-sample t test of x against y. Null where R's t.test refuses: fewer than 2 values on a side, or data
 * "essentially constant" (the standard error is below 10 machine epsilons of the larger mean, R's own test).
 */
export function welchTTest(x: readonly number[], y: readonly number[], confLevel = 0.95): WelchResult | null {
  return welchFromSummaries(summarize(x), summarize(y), confLevel);
}

export function welchFromSummaries(sx: SampleSummary, sy: SampleSummary, confLevel = 0.95): WelchResult | null {
  if (sx.n < 2 || sy.n < 2) return null;
  const vx = sx.variance / sx.n;
  const vy = sy.variance / sy.n;
  const se = Math.sqrt(vx + vy);
  if (!(se >= 10 * Number.EPSILON * Math.max(Math.abs(sx.mean), Math.abs(sy.mean))) || se === 0) return null;
  const df = (vx + vy) ** 2 / (vx ** 2 / (sx.n - 1) + vy ** 2 / (sy.n - 1));
  // Variances near the smallest double underflow in the df formula: no test to speak of, like constant data.
  if (!Number.isFinite(df)) return null;
  const estimate = sx.mean - sy.mean;
  const t = estimate / se;
  const q = tQuantile(1 - (1 - confLevel) / 2, df);
  return { estimate, low: estimate - q * se, high: estimate + q * se, p: tTwoSided(t, df), df, t, se };
}
