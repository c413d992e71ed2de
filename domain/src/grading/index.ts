/** The grading engine (grading.md): pure, synchronous, usable on the server and in the browser. */

export { type Alignment, type AlignOp, alignWords } from "./align.ts";
export { type CompareOptions, classifyDifferences } from "./classify.ts";
export { expandContractions, tokenEquals } from "./contractions.ts";
export { grade } from "./grade.ts";
export {
  createLanguageTools,
  getLanguageTools,
  type LanguageTools,
  preloadLanguageTools,
  setLanguageTools,
  type WordChecker,
} from "./language-tools.ts";
export { createCompromiseLemmatizer, type Lemmatizer } from "./lemmas.ts";
export { basicNormalize, normalizeResponseText, orderingKey, tokenize } from "./normalize.ts";
export { lcsLength } from "./parts.ts";
export { isSpellingVariant, toAmerican } from "./spelling-variants.ts";
export { gradeTyped, type TypedOutcome } from "./typed.ts";
export * from "./types.ts";
export { damerauLevenshtein, typoAllowance } from "./typos.ts";
