/**
 * What every type's grader builds on (items/<type>/grade.ts): the unscaled result shape and the errors a wrong
 * choice or a blank shows.
 */
import { classifyDifferences } from "./classify.ts";
import { getLanguageTools } from "./language-tools.ts";
import { prepareText } from "./normalize.ts";
import type { GradingError, PartResult } from "./types.ts";

/** A part before scaling: `weight` is its share of the item's points per unit of `fraction`. */
export type RawPart = Omit<PartResult, "score"> & { fraction: number; weight: number };
export interface Graded {
  fraction: number;
  parts: RawPart[];
  feedback: string[];
}

export const blankError = (expected: string | null): GradingError[] => [{ category: "blank", expected, actual: null }];
export const wrongOption = (expected: string | null, actual: string | null): GradingError[] => [
  { category: "wrong_option", expected, actual },
];

// The categories a choice can show as for a typed answer; any other difference stays a wrong choice.
const CHOICE_CATEGORIES = new Set(["article", "preposition", "word_form"]);
const SHORT_PHRASE = 3;

/**
 * A wrong choice between single words or short phrases is categorized as a typed answer would be (grading.md,
 * Refinements): "in" for "at" is a preposition mistake, "go" for "goes" a word form, "a" for "the" an article.
 */
export function choiceErrors(expected: string | null, actual: string | null): GradingError[] {
  if (!expected || !actual) return wrongOption(expected, actual);
  const e = prepareText(expected).words;
  const a = prepareText(actual).words;
  if (!e.length || !a.length || e.length > SHORT_PHRASE || a.length > SHORT_PHRASE)
    return wrongOption(expected, actual);
  const errors = classifyDifferences(e, a, { caseSensitive: false, tolerance: "exact" }, getLanguageTools);
  if (!errors.length || errors.some((x) => !CHOICE_CATEGORIES.has(x.category))) return wrongOption(expected, actual);
  return errors;
}

/** Longest common subsequence length: the units kept in the right relative order. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    prev = cur;
  }
  return prev[b.length]!;
}
