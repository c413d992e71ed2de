/** Turns the differences between a wrong response and its closest accepted answer into error categories. */
import { type AlignOp, alignWords } from "./align.ts";
import { displayToken, tokenEquals } from "./contractions.ts";
import type { LanguageTools } from "./language-tools.ts";
import { isSpellingVariant } from "./spelling-variants.ts";
import type { GradingError } from "./types.ts";
import { damerauLevenshtein, isCloseMisspelling } from "./typos.ts";
import { isArticle, isPreposition } from "./word-classes.ts";

export interface CompareOptions {
  caseSensitive: boolean;
  tolerance: "exact" | "typos";
}

/** Alignment costs: what counts as "the same word" for pairing, and which pairs are likely one mistake. */
export function substitutionCost(e: string, a: string, opts: CompareOptions): number {
  if (tokenEquals(e, a)) return 0;
  const le = e.toLowerCase();
  const la = a.toLowerCase();
  if (le === la) return opts.caseSensitive ? 0.3 : 0;
  if (isSpellingVariant(le, la)) return opts.tolerance === "typos" ? 0 : 0.3;
  if ((isArticle(le) && isArticle(la)) || (isPreposition(le) && isPreposition(la))) return 0.8;
  if (damerauLevenshtein(le, la, 2) <= 2 || (le.length > 3 && la.startsWith(le.slice(0, 3)))) return 0.8;
  return 1;
}

export function alignWithAnswer(expected: readonly string[], actual: readonly string[], opts: CompareOptions) {
  return alignWords(expected, actual, (e, a) => substitutionCost(e, a, opts));
}

function sortedLower(words: readonly string[]): string {
  return words
    .map((w) => displayToken(w).toLowerCase())
    .sort()
    .join(" ");
}

/** One error per difference; `tools` is only asked for when a pair of different words needs explaining. */
export function classifyDifferences(
  expected: readonly string[],
  actual: readonly string[],
  opts: CompareOptions,
  tools: () => LanguageTools,
  ops: readonly AlignOp[] = alignWithAnswer(expected, actual, opts).ops,
): GradingError[] {
  const show = (ws: readonly string[]) => ws.map(displayToken).join(" ");
  // The same words in another order: one word_order error for the whole answer.
  const lowerSeq = (ws: readonly string[]) => ws.map((w) => displayToken(w).toLowerCase()).join(" ");
  if (expected.length > 1 && sortedLower(expected) === sortedLower(actual) && lowerSeq(expected) !== lowerSeq(actual)) {
    return [{ category: "word_order", expected: show(expected), actual: show(actual) }];
  }
  const errors: GradingError[] = [];
  const dels: { word: string; index: number }[] = [];
  const inss: { word: string; index: number }[] = [];
  const slots: (GradingError | null)[] = [];
  for (const op of ops) {
    if (op.op === "equal") continue;
    if (op.op === "del") {
      dels.push({ word: op.expected, index: slots.length });
      slots.push(gapError(op.expected, "missing"));
    } else if (op.op === "ins") {
      inss.push({ word: op.actual, index: slots.length });
      slots.push(gapError(op.actual, "extra"));
    } else slots.push(substitutionError(op.expected, op.actual, tools));
  }
  // A word dropped in one place and added in another was moved: word_order, once.
  for (const d of dels) {
    const k = inss.findIndex((x) => tokenEquals(x.word.toLowerCase(), d.word.toLowerCase()));
    if (k < 0) continue;
    const ins = inss.splice(k, 1)[0]!;
    slots[d.index] = { category: "word_order", expected: displayToken(d.word), actual: displayToken(ins.word) };
    slots[ins.index] = null;
  }
  for (const s of slots) if (s) errors.push(s);
  return errors;
}

function gapError(word: string, side: "missing" | "extra"): GradingError {
  const shown = displayToken(word);
  const category = isArticle(shown)
    ? "article"
    : isPreposition(shown)
      ? "preposition"
      : side === "missing"
        ? "missing_word"
        : "extra_word";
  return side === "missing" ? { category, expected: shown, actual: null } : { category, expected: null, actual: shown };
}

function substitutionError(e: string, a: string, tools: () => LanguageTools): GradingError {
  const expected = displayToken(e);
  const actual = displayToken(a);
  const le = expected.toLowerCase();
  const la = actual.toLowerCase();
  const err = (category: GradingError["category"]): GradingError => ({ category, expected, actual });
  if (le === la) return err("capitalization");
  if (isSpellingVariant(le, la)) return err("spelling");
  if (isArticle(le) && isArticle(la)) return err("article");
  if (isPreposition(le) && isPreposition(la)) return err("preposition");
  const t = tools();
  if (t.sameLemma(la, le)) return err("word_form");
  if (isCloseMisspelling(le, la) && !t.isWord(la)) return err("spelling");
  return err("wrong_word");
}
