/**
 * The results of an experiment in words (methodology.md §2): one sentence per comparison that a teacher can act
 * on, with its uncertainty, and "not enough data yet" until every variant has its post-tests.
 */
import {
  type ExperimentComparison,
  type ExperimentResultsFigures,
  MIN_COMPLETED_PER_VARIANT,
} from "@languagecloud/domain";

export type ExperimentResultsDto = ExperimentResultsFigures & { status: "draft" | "running" | "closed" };

/** Score shares as points out of 100, signed with a true minus sign. */
export function points(v: number): string {
  const n = Math.round(v * 100);
  return n < 0 ? `−${Math.abs(n)}` : String(n);
}

/** A difference counts only when its 95 % interval leaves zero out. */
export function isClearDifference(c: ExperimentComparison): boolean {
  return c.low !== null && c.high !== null && (c.low > 0 || c.high < 0);
}

/** The first sentence of the page: whether the results can be read yet. */
export function dataVerdict(r: ExperimentResultsDto): string | null {
  if (r.enoughData) return null;
  const fewest = Math.min(...r.variants.map((v) => v.completed));
  return `Not enough data yet: ${fewest} of the ${MIN_COMPLETED_PER_VARIANT} students per variant have done the post-test. The figures below are provisional.`;
}

/** One comparison in words: who scored how much higher or lower, the interval, and whether it could be chance. */
export function comparisonVerdict(c: ExperimentComparison, name: (variantId: string) => string): string {
  const them = name(c.variant);
  const control = name(c.against);
  if (c.estimate === null || c.low === null || c.high === null)
    return `No comparison of ${them} with ${control} yet: each needs at least two post-tests, and scores that are not all the same.`;
  const n = Math.round(Math.abs(c.estimate) * 100);
  const difference =
    n === 0
      ? `scored about the same as those who had ${control}`
      : `scored ${n} point${n === 1 ? "" : "s"} ${c.estimate > 0 ? "higher" : "lower"} on the post-test than those who had ${control}`;
  const range = `95 % interval ${points(c.low)} to ${points(c.high)} points`;
  if (isClearDifference(c))
    return `Students who had ${them} ${difference} (${range}). A difference this large is unlikely to be chance.`;
  return `No clear difference: students who had ${them} ${difference} (${range}). The interval includes no difference, so this may well be chance.`;
}
