/** The result shape of grading.md. Category and verdict strings are part of the contract (API, database, UI). */

export const ERROR_CATEGORIES = [
  "blank",
  "capitalization",
  "punctuation",
  "spelling",
  "word_form",
  "article",
  "preposition",
  "word_order",
  "missing_word",
  "extra_word",
  "wrong_word",
  "wrong_option",
  // Numerical items (grading.md "Numbers"): an answer that is no number, a number outside every tolerance.
  "not_a_number",
  "wrong_value",
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export type GradeStatus = "correct" | "partial" | "incorrect" | "pending" | "blank";
export type PartVerdict = "correct" | "accepted_with_typo" | "incorrect" | "blank";
/** Differences that were forgiven but are worth telling the learner about. */
export type GradeNote = "capitalization" | "punctuation" | "spelling_variant";

export interface GradingError {
  category: ErrorCategory;
  expected: string | null;
  actual: string | null;
}

export interface PartResult {
  id: string;
  response: string | null;
  expected: string | null;
  verdict: PartVerdict;
  /** Points this part contributes to the item (already scaled by the item's points). */
  score: number;
  notes: GradeNote[];
  errors: GradingError[];
}

export interface GradeResult {
  score: number;
  maxScore: number;
  status: GradeStatus;
  feedback: string[];
  parts: PartResult[];
}
