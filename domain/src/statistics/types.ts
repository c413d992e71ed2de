/** Shapes shared by the statistics functions (statistics.md). Every figure that can be undefined is `null`. */

export type AttemptPolicy = "first" | "last" | "best" | "all";
export const ATTEMPT_POLICIES: readonly AttemptPolicy[] = ["first", "last", "best", "all"];

export type ItemFlag = "too_easy" | "too_hard" | "low_discrimination" | "negative_discrimination" | "random_guess_high";

/**
 * What `randomGuessScore` needs to know about an item. A content `Item` (content/schema.ts) fits this shape as is,
 * so callers can pass the exercise version's items directly.
 */
export interface GuessMeta {
  type: string;
  multiple?: boolean;
  options?: readonly { fraction: number }[];
  answers?: readonly { text?: string; fraction: number }[];
}

/** One scored item of the analysed test. */
export interface StatsItem {
  id: string;
  /** m_i, the item's maximum in points. Items with 0 (descriptions) get null figures and do not count in P. */
  maxScore: number;
  /** Needed only for `randomGuessScore`; without it that figure is null. */
  meta?: GuessMeta;
}

/**
 * One submitted attempt. `scores` maps item id → points. An item that is absent (or null/undefined/NaN) was not
 * part of this attempt's version and is left out of that item's figures; an item that was shown but not answered
 * must be passed as 0 by the caller.
 */
export interface AttemptScores {
  id: string;
  student: string;
  /** Orders a student's attempts for `first`/`last`; without it, the input order is used. */
  submittedAt?: string | number | Date;
  scores: Readonly<Record<string, number | null | undefined>>;
}

export interface TestFigures {
  /** S, the number of attempts analysed. */
  n: number;
  /** Mean of the totals T, in points. */
  mean: number | null;
  median: number | null;
  sd: number | null;
  skewness: number | null;
  kurtosis: number | null;
  cic: number | null;
  errorRatio: number | null;
  standardError: number | null;
  /** Σ m_i: lets a client show mean, median, sd and standardError as shares, as Moodle does. */
  maxScore: number;
}

export interface ItemFigures {
  item: string;
  n: number;
  facility: number | null;
  sd: number | null;
  randomGuessScore: number | null;
  intendedWeight: number | null;
  effectiveWeight: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  flags: ItemFlag[];
}

export interface ItemAnalysis {
  test: TestFigures;
  items: ItemFigures[];
}
