/**
 * The results of a teaching experiment (methodology.md §2): per variant the outcome's n, mean and sd; each variant
 * against the first (the control) by Welch's t, Hedges' g and, with a pre-test, the OLS estimate adjusted for it.
 */
import { hedgesG } from "../statistics/inference/effect-size.ts";
import { summarize } from "../statistics/inference/moments.ts";
import { ols } from "../statistics/inference/ols.ts";
import { tQuantile } from "../statistics/inference/t-distribution.ts";
import { welchTTest } from "../statistics/inference/welch.ts";

export type ExclusionReason = "joined_after_close" | "removed_from_class" | "no_outcome" | "no_pretest";
export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  "joined_after_close",
  "removed_from_class",
  "no_outcome",
  "no_pretest",
];

/** Completed outcomes each variant needs before the results stop being provisional. */
export const MIN_COMPLETED_PER_VARIANT = 10;

/**
 * Below this many post-tests in the smallest variant the results warn that only large differences show: with 20 a
 * side, Welch's test finds a difference of 0.9 standard deviations 4 times in 5 (a usual power calculation).
 */
export const SMALL_GROUP = 20;

/** Above this ratio of the larger variant's post-tests to the smaller's, the results warn that the groups are unbalanced. */
export const UNBALANCED_RATIO = 1.5;

export interface ExperimentParticipant {
  variantId: string;
  classId: string;
  /** Score share 0..1 of the outcome (post-test), null when not submitted (or still waiting for a grade). */
  outcome: number | null;
  pretest: number | null;
  /** Still in the class the experiment dealt them in. */
  inClass: boolean;
}

export interface ExperimentResultsInput {
  unit: "student" | "class";
  variants: readonly { id: string; name: string }[];
  participants: readonly ExperimentParticipant[];
  hasPretest: boolean;
  /** Students of the classes who joined after the experiment closed (never dealt). */
  joinedAfterClose: number;
}

export interface AdjustedEstimate {
  estimate: number;
  se: number;
  low: number;
  high: number;
  p: number | null;
}

export interface ExperimentComparison {
  variant: string;
  against: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
  p: number | null;
  df: number | null;
  hedgesG: number | null;
  adjusted: AdjustedEstimate | null;
}

/**
 * One variant's post-test scores (shares 0..1). `low`/`high`: the 95 % interval of the mean, mean ± t(0.975, n − 1) ×
 * sd / √n (R's `t.test(y)$conf.int`; equal to the mean when every score is the same; null below 2 scores).
 * `distribution[k]`: how many scores round to k/10 (k = 0..10, halves up), for drawing the spread of the scores.
 */
export interface VariantOutcome {
  n: number;
  mean: number | null;
  sd: number | null;
  low: number | null;
  high: number | null;
  distribution: number[];
}

export interface ExperimentResultsFigures {
  variants: {
    id: string;
    name: string;
    assigned: number;
    completed: number;
    outcome: VariantOutcome;
  }[];
  comparisons: ExperimentComparison[];
  exclusions: Record<ExclusionReason, number>;
  enoughData: boolean;
  warnings: string[];
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export function experimentResults(input: ExperimentResultsInput): ExperimentResultsFigures {
  const exclusions: Record<ExclusionReason, number> = {
    joined_after_close: input.joinedAfterClose,
    removed_from_class: 0,
    no_outcome: 0,
    no_pretest: 0,
  };
  const outcomes = new Map<string, number[]>(input.variants.map((v) => [v.id, []]));
  const paired = new Map<string, { y: number; pre: number }[]>(input.variants.map((v) => [v.id, []]));
  const assigned = new Map<string, number>(input.variants.map((v) => [v.id, 0]));
  const classes = new Map<string, Set<string>>(input.variants.map((v) => [v.id, new Set()]));
  for (const p of input.participants) {
    if (!outcomes.has(p.variantId)) continue;
    assigned.set(p.variantId, assigned.get(p.variantId)! + 1);
    classes.get(p.variantId)!.add(p.classId);
    if (!p.inClass) {
      exclusions.removed_from_class++;
      continue;
    }
    if (p.outcome === null) {
      exclusions.no_outcome++;
      continue;
    }
    outcomes.get(p.variantId)!.push(p.outcome);
    if (!input.hasPretest) continue;
    if (p.pretest === null) exclusions.no_pretest++;
    else paired.get(p.variantId)!.push({ y: p.outcome, pre: p.pretest });
  }

  const variants = input.variants.map((v) => {
    const ys = outcomes.get(v.id)!;
    return { id: v.id, name: v.name, assigned: assigned.get(v.id)!, completed: ys.length, outcome: outcomeOf(ys) };
  });

  const control = input.variants[0];
  const comparisons: ExperimentComparison[] = [];
  if (control) {
    const yc = outcomes.get(control.id)!;
    for (const v of input.variants.slice(1)) {
      const yv = outcomes.get(v.id)!;
      const w = welchTTest(yv, yc);
      comparisons.push({
        variant: v.id,
        against: control.id,
        estimate: w?.estimate ?? null,
        low: w?.low ?? null,
        high: w?.high ?? null,
        p: w?.p ?? null,
        df: w?.df ?? null,
        hedgesG: hedgesG(yv, yc),
        adjusted: input.hasPretest ? adjustedFor(paired.get(control.id)!, paired.get(v.id)!) : null,
      });
    }
  }

  const warnings: string[] = [];
  if (input.unit === "class" && input.variants.some((v) => classes.get(v.id)!.size < 2)) {
    warnings.push(
      "Some variant was given to only one class: a difference between the variants cannot be told apart from a difference between the classes.",
    );
  }
  const rates = variants.filter((v) => v.assigned > 0).map((v) => v.completed / v.assigned);
  if (rates.length > 1 && Math.max(...rates) - Math.min(...rates) > 0.2) {
    warnings.push(
      `Completion differs between the variants (${rates.map((r) => `${Math.round(r * 100)} %`).join(" vs ")}): the students who did the post-test may not be comparable.`,
    );
  }
  const done = variants.map((v) => v.completed);
  const fewest = Math.min(...done);
  const most = Math.max(...done);
  if (variants.length > 1 && fewest > 0 && fewest < SMALL_GROUP) {
    warnings.push(
      `Small groups (the smallest has ${fewest} post-tests): only a large difference can be told apart from chance, so a smaller real one may go unseen.`,
    );
  }
  if (variants.length > 1 && fewest > 0 && most / fewest > UNBALANCED_RATIO) {
    warnings.push(
      `Unbalanced groups (${done.join(" vs ")} post-tests): the comparison allows for it, but its interval is wider than equal groups of the same total would give.`,
    );
  }
  const enoughData = variants.length > 1 && variants.every((v) => v.completed >= MIN_COMPLETED_PER_VARIANT);
  return { variants, comparisons, exclusions, enoughData, warnings };
}

function outcomeOf(ys: readonly number[]): VariantOutcome {
  const distribution = new Array<number>(11).fill(0);
  // Halves round up (0.25 counts as 0.3).
  for (const y of ys) distribution[Math.min(10, Math.max(0, Math.round(y * 10)))]!++;
  if (!ys.length) return { n: 0, mean: null, sd: null, low: null, high: null, distribution };
  const s = summarize(ys);
  if (ys.length < 2) return { n: ys.length, mean: s.mean, sd: null, low: null, high: null, distribution };
  const sd = Math.sqrt(s.variance);
  const half = tQuantile(0.975, ys.length - 1) * (sd / Math.sqrt(ys.length));
  return { n: ys.length, mean: s.mean, sd, low: s.mean - half, high: s.mean + half, distribution };
}

/** outcome ~ indicator(variant) + pretest over the control's and this variant's participants with both scores. */
function adjustedFor(
  control: { y: number; pre: number }[],
  variant: { y: number; pre: number }[],
): AdjustedEstimate | null {
  const rows = [...control.map((r) => ({ ...r, arm: 0 })), ...variant.map((r) => ({ ...r, arm: 1 }))];
  if (!control.length || !variant.length) return null;
  const fit = ols(
    rows.map((r) => r.y),
    { arm: rows.map((r) => r.arm), pre: rows.map((r) => r.pre) },
  );
  const c = fit?.coefficients.arm;
  if (!c) return null;
  const estimate = finite(c.estimate);
  const se = finite(c.se);
  if (estimate === null || se === null) return null;
  return { estimate, se, low: c.low, high: c.high, p: c.p };
}
