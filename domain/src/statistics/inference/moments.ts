/** Mean and sample variance of a sample, with the second-pass correction of the mean (as R does) for accuracy. */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample variance (divides by n − 1); NaN when n < 2. */
  variance: number;
}

export function summarize(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, variance: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  let mean = sum / n;
  let correction = 0;
  for (const v of values) correction += v - mean;
  mean += correction / n;
  if (n < 2) return { n, mean, variance: Number.NaN };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { n, mean, variance: ss / (n - 1) };
}
