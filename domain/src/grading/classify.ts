/** Turns the differences between a wrong response and its closest accepted answer into error categories. */
import { type AlignOp, alignWords } from "./align.ts";
import { displayToken, tokenEquals } from "./contractions.ts";
import { isNounVerbPair, sameRoot } from "./derivation.ts";
import type { LanguageTools } from "./language-tools.ts";
import { isSpellingVariant } from "./spelling-variants.ts";
import type { GradingError } from "./types.ts";
import { damerauLevenshtein, isCloseMisspelling, typoAllowance } from "./typos.ts";
import { isArticle, isPreposition, isPrepositionPhrase, MULTI_WORD_PREPOSITION_ENDS } from "./word-classes.ts";

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
  const merged = mergePrepositionPhrases(ops);
  if (merged) {
    const around = (part: AlignOp[]) => (part.length ? classifyDifferences(expected, actual, opts, tools, part) : []);
    return [...around(merged.before), merged.error, ...around(merged.after)];
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
  // Other words in each other's places ("an Italian old beautiful car"): the aligner paired them as substitutions,
  // but the same words were swapped, so it is one word_order error rather than several wrong words.
  const swapped = slots.filter((s): s is GradingError => s?.category === "wrong_word");
  if (swapped.length > 1) {
    const side = (k: "expected" | "actual") => sortedLower(swapped.map((s) => s[k] ?? ""));
    if (side("expected") === side("actual")) {
      const first = slots.indexOf(swapped[0]!);
      const moved: GradingError = {
        category: "word_order",
        expected: swapped.map((s) => s.expected).join(" "),
        actual: swapped.map((s) => s.actual).join(" "),
      };
      for (let k = 0; k < slots.length; k++) if (slots[k]?.category === "wrong_word") slots[k] = null;
      slots[first] = moved;
    }
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
  const realWord = t.isWord(la);
  // A non-word within the typo allowance is a misspelling of the right form (runing, lifes, seriou), even when it
  // looks like a stem and an ending; only beyond the allowance is a regularized form a word_form (buyed, goed).
  if (!realWord && allowedTypo(le, la)) return err("spelling");
  if (t.sameLemma(la, le)) return err("word_form");
  if (realWord && (sameRoot(la, le) || isNounVerbPair(la, le))) return err("word_form");
  if (isCloseMisspelling(le, la) && !realWord) return err("spelling");
  return err("wrong_word");
}

function allowedTypo(expected: string, actual: string): boolean {
  const allowed = typoAllowance(expected);
  return allowed > 0 && damerauLevenshtein(expected, actual, allowed) <= allowed;
}

/**
 * A run of differences whose two sides are whole prepositions, single or multi-word ("in front of" for "behind",
 * "because" for "because of"), is one `preposition` error rather than a word-by-word list. The run may borrow equal
 * words at its edges ("in front of" for "instead of" aligns "of" with "of"). Returns the run's one error between the
 * ops before and after it, or null when no run qualifies.
 */
function mergePrepositionPhrases(
  ops: readonly AlignOp[],
): { before: AlignOp[]; error: GradingError; after: AlignOp[] } | null {
  for (let i = 0; i < ops.length; i++) {
    if (ops[i]!.op === "equal") continue;
    let j = i;
    while (j < ops.length && ops[j]!.op !== "equal") j++;
    // Every multi-word preposition ends with one of a few words: without one near the run, nothing to merge.
    if (endsNear(ops, i - 2, j + 2)) {
      for (let from = i; from >= Math.max(0, i - 2); from--) {
        if (from < i && ops[from]!.op !== "equal") break;
        for (let to = j; to <= Math.min(ops.length, j + 2); to++) {
          if (to > j && ops[to - 1]!.op !== "equal") break;
          // The phrase's last word is an end word; a window whose last op has none cannot hold one.
          const error = endsNear(ops, to - 1, to) ? prepositionRun(ops, from, to) : null;
          if (error) return { before: ops.slice(0, from), error, after: ops.slice(to) };
        }
      }
    }
    i = j;
  }
  return null;
}

const expectedWord = (op: AlignOp) => (op.op === "ins" ? null : displayToken(op.expected));
const actualWord = (op: AlignOp) => (op.op === "del" ? null : displayToken(op.actual));

/** The window's two sides as one preposition error, when both are prepositions and one is a multi-word phrase. */
function prepositionRun(ops: readonly AlignOp[], from: number, to: number): GradingError | null {
  const e: string[] = [];
  const a: string[] = [];
  for (let k = from; k < to; k++) {
    const x = expectedWord(ops[k]!);
    const y = actualWord(ops[k]!);
    if (x !== null) e.push(x);
    if (y !== null) a.push(y);
  }
  if (e.length < 2 && a.length < 2) return null;
  const ok = (words: string[]) => words.length === 0 || isPrepositionPhrase(words);
  if (!ok(e) || !ok(a)) return null;
  const es = e.join(" ");
  const as = a.join(" ");
  if (es.toLowerCase() === as.toLowerCase()) return null;
  return { category: "preposition", expected: es || null, actual: as || null };
}

function endsNear(ops: readonly AlignOp[], from: number, to: number): boolean {
  const has = (w: string) => MULTI_WORD_PREPOSITION_ENDS.has(displayToken(w).toLowerCase());
  for (let k = Math.max(0, from); k < Math.min(ops.length, to); k++) {
    const op = ops[k]!;
    if ((op.op !== "ins" && has(op.expected)) || (op.op !== "del" && has(op.actual))) return true;
  }
  return false;
}
