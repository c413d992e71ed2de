/**
 * What each figure of the statistics page means, in plain words, and the range to aim for where Moodle's quiz
 * statistics documentation gives one ("Quiz report statistics", docs.moodle.org): the same numbers a teacher coming
 * from Moodle reads there, explained the same way. Values are fractions (0.42 = 42 %), as statistics.md has them.
 */

export type Verdict = "good" | "check" | "bad" | null;

export interface Explained {
  /** What it is, for someone who never took a statistics course. */
  meaning: string;
  /** The range to aim for, in words; absent where there is no accepted range. */
  target?: string;
  /** Where this value stands against the target. */
  judge?: (v: number) => { verdict: Verdict; words: string };
}

const band = (verdict: Verdict, words: string) => ({ verdict, words });

/** Test figures (the whole assignment), keyed as in `test` of the statistics response; shares of the maximum. */
export const TEST_FIGURES: Record<string, Explained> = {
  mean: {
    meaning: "The average total score.",
    target: "Moodle: 50–75 % for a test meant to tell students apart.",
    judge: (v) =>
      v < 0.5
        ? band("check", "below 50 %: hard")
        : v > 0.75
          ? band("check", "above 75 %: easy")
          : band("good", "in range"),
  },
  median: { meaning: "Half the students scored less than this, half more." },
  sd: {
    meaning: "How spread out the totals are around the average.",
    target: "Moodle: 12–18 % of the maximum.",
    judge: (v) =>
      v < 0.12
        ? band("check", "below 12 %: scores bunched together")
        : v > 0.18
          ? band("check", "above 18 %: widely spread")
          : band("good", "in range"),
  },
  skewness: {
    meaning:
      "Whether the totals lean to one side: 0 is symmetrical, below 0 means most students scored high with a few low, above 0 the other way.",
    target: "Moodle: about −1; above +1 the test may not separate students near the pass mark.",
    judge: (v) =>
      v > 1
        ? band("check", "above +1: most scores low")
        : v < -2
          ? band("check", "well below −1: most scores high")
          : band("good", "acceptable"),
  },
  kurtosis: {
    meaning: "How peaked the totals are: 0 is a bell curve, higher means most students got about the same score.",
    target: "Moodle: 0–1.",
    judge: (v) =>
      v > 1
        ? band("check", "above 1: many students bunched at one score")
        : v < 0
          ? band("check", "below 0: flatter than a bell curve")
          : band("good", "in range"),
  },
  cic: {
    meaning:
      "Reliability (Cronbach's α): whether the questions measure the same thing, so that a student would get about the same total again.",
    target: "Moodle: above 75 % is satisfactory; below 64 % the test as a whole needs work (above 90 % is rare).",
    judge: (v) =>
      v >= 0.75
        ? band("good", "satisfactory")
        : v >= 0.64
          ? band("check", "borderline")
          : band("bad", "below 64 %: unsatisfactory"),
  },
  errorRatio: {
    meaning: "The part of the spread of totals that is chance rather than real differences between students.",
    target: "Moodle: above 50 % cannot be regarded as satisfactory.",
    judge: (v) => (v > 0.5 ? band("bad", "above 50 %: mostly chance") : band("good", "in range")),
  },
  standardError: {
    meaning:
      "How far a student's total could move by chance alone: two students whose totals differ by less than about twice this may not really differ.",
  },
};

/** Item figures, keyed as in `items[]` of the statistics response. */
export const ITEM_FIGURES: Record<string, Explained> = {
  facility: {
    meaning: "The average score on the question as a share of its points: how easy it was.",
    target: "Moodle: 35–64 % is about right for the average student; 5 % or less or 95 % or more tells you little.",
    judge: (v) =>
      v <= 0.05
        ? band("bad", "extremely hard: check the key")
        : v <= 0.2
          ? band("check", "very hard")
          : v < 0.35
            ? band("good", "fairly hard")
            : v <= 0.64
              ? band("good", "about right")
              : v < 0.9
                ? band("good", "fairly easy")
                : v < 0.95
                  ? band("check", "very easy")
                  : band("bad", "extremely easy"),
  },
  sd: { meaning: "How much the scores on the question differ between students (a share of its points)." },
  randomGuessScore: {
    meaning: "What a student answering at random would score on average.",
    target: "Low; above 40 % the question is easy to guess.",
    judge: (v) => (v > 0.4 ? band("check", "easy to guess") : band("good", "hard to guess")),
  },
  intendedWeight: { meaning: "The question's share of the test's points, as you set them." },
  effectiveWeight: {
    meaning: "How much the question actually moves the totals; it should be close to the intended weight.",
  },
  discriminationIndex: {
    meaning:
      "Whether students who do well on the rest of the test also do well on this question (the item–rest correlation).",
    target:
      "Moodle: 50 % or more very good, 30–50 % adequate, 20–29 % weak, below 20 % very weak, negative: probably wrong.",
    judge: (v) =>
      v < 0
        ? band("bad", "negative: check the key")
        : v < 0.2
          ? band("bad", "very weak")
          : v < 0.3
            ? band("check", "weak")
            : v < 0.5
              ? band("good", "adequate")
              : band("good", "very good"),
  },
  discriminativeEfficiency: {
    meaning: "The discrimination compared with the best this question could reach at its difficulty; higher is better.",
  },
};

export const VERDICT_WORD: Record<Exclude<Verdict, null>, string> = {
  good: "✓",
  check: "!",
  bad: "✗",
};
