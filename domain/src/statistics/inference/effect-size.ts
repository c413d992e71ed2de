import { summarize } from "./moments.ts";

/**
 * Hedges' g of x against y: (mean_x − mean_y) / s_pooled × (1 − 3 / (4(n_x + n_y) − 9)), s_pooled the pooled
 * sample standard deviation. Null when a side has fewer than 2 values or the pooled sd is 0.
 */
export function hedgesG(x: readonly number[], y: readonly number[]): number | null {
  const sx = summarize(x);
  const sy = summarize(y);
  if (sx.n < 2 || sy.n < 2) return null;
  const pooled = Math.sqrt(((sx.n - 1) * sx.variance + (sy.n - 1) * sy.variance) / (sx.n + sy.n - 2));
  if (!(pooled > 0)) return null;
  return ((sx.mean - sy.mean) / pooled) * (1 - 3 / (4 * (sx.n + sy.n) - 9));
}
