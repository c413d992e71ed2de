/**
 * One typed answer (a short_answer box or a typed gap) against its accepted answers, as grading.md specifies.
 * Right answers are decided by string keys prepared once per accepted answer (cached on the answer object), so
 * they cost a tokenization and a few comparisons; the language tools are only touched on the wrong-answer paths.
 */
import type { TypedAnswer } from "../content/schema.ts";
import { alignWithAnswer, type CompareOptions, classifyDifferences } from "./classify.ts";
import { expandContractions, mayContract, tokenEquals, wordsEqual } from "./contractions.ts";
import { getLanguageTools } from "./language-tools.ts";
import { type PreparedText, prepareText } from "./normalize.ts";
import { toAmerican } from "./spelling-variants.ts";
import type { GradeNote, GradingError, PartVerdict } from "./types.ts";
import { damerauLevenshtein, typoAllowance } from "./typos.ts";

export interface TypedOutcome {
  verdict: PartVerdict;
  /** The fraction earned (may be negative: a listed wrong answer with a penalty). */
  fraction: number;
  response: string | null;
  expected: string | null;
  notes: GradeNote[];
  errors: GradingError[];
  feedback: string | undefined;
}

interface Side {
  p: PreparedText;
  /** Words with contractions expanded, as typed and lower-cased. */
  words: string[];
  lower: string[];
  /** Inner punctuation marks in order: a difference there alone is a `punctuation` note. */
  punct: string;
}

interface PreparedAnswer extends Side {
  answer: TypedAnswer;
  wildcard: { cs: RegExp; ci: RegExp } | undefined;
}

function side(p: PreparedText): Side {
  const words = mayContract(p.words) ? expandContractions(p.words) : p.words;
  let punct = "";
  for (const t of p.tokens) if (t.kind === "punct") punct += t.text;
  return { p, words, lower: words === p.words ? p.key.split(" ") : words.map((w) => w.toLowerCase()), punct };
}

const prepared = new WeakMap<TypedAnswer, PreparedAnswer>();

function prepareAnswer(answer: TypedAnswer): PreparedAnswer {
  let pa = prepared.get(answer);
  if (!pa) {
    const p = prepareText(answer.text, answer.text.includes("*"));
    pa = { ...side(p), answer, wildcard: p.hasWildcard ? wildcardRegExps(p) : undefined };
    prepared.set(answer, pa);
  }
  return pa;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `*` matches any run of characters (Moodle); words around it are compared like any key. */
function wildcardRegExps(p: PreparedText): { cs: RegExp; ci: RegExp } {
  let src = "";
  let prevWord = false;
  for (const t of p.tokens) {
    if (t.kind === "wildcard") {
      src += ".*";
      prevWord = false;
    } else if (t.kind === "word") {
      src += (prevWord ? " " : "") + escapeRegExp(t.text);
      prevWord = true;
    }
  }
  return { cs: new RegExp(`^${src}$`, "u"), ci: new RegExp(`^${src}$`, "iu") };
}

/** Steps 1–6 of grading.md: the notes if equal, null if not. */
function matchExact(r: Side, a: PreparedAnswer, opts: CompareOptions): GradeNote[] | null {
  const cs = opts.caseSensitive;
  if (a.wildcard) {
    const re = cs ? a.wildcard.cs : a.wildcard.ci;
    if (!re.test(r.p.keyCase) && !re.test(r.words.join(" "))) return null;
    return !cs && !a.wildcard.cs.test(r.p.keyCase) && !a.wildcard.cs.test(r.words.join(" ")) ? ["capitalization"] : [];
  }
  const notes: GradeNote[] = [];
  if (cs ? r.p.keyCase === a.p.keyCase : r.p.key === a.p.key) {
    if (!cs && r.p.keyCase !== a.p.keyCase) notes.push("capitalization");
  } else if (cs ? wordsEqual(r.words, a.words) : wordsEqual(r.lower, a.lower)) {
    if (!cs && !wordsEqual(r.words, a.words)) notes.push("capitalization");
  } else if (opts.tolerance === "typos" && variantsEqual(r, a, cs)) {
    if (!cs && !sameCaseShape(r.words, a.words)) notes.push("capitalization");
    notes.push("spelling_variant");
  } else return null;
  if (r.punct !== a.punct) notes.push("punctuation");
  return notes;
}

function variantsEqual(r: Side, a: PreparedAnswer, cs: boolean): boolean {
  if (r.lower.length !== a.lower.length) return false;
  for (let i = 0; i < r.lower.length; i++) {
    const x = r.lower[i]!;
    const y = a.lower[i]!;
    if (cs ? tokenEquals(r.words[i]!, a.words[i]!) : tokenEquals(x, y)) continue;
    if (x === y || toAmerican(x) !== toAmerican(y)) return false;
    if (cs && r.words[i]!.charAt(0) !== a.words[i]!.charAt(0)) return false;
  }
  return true;
}

function sameCaseShape(x: readonly string[], y: readonly string[]): boolean {
  return x.every((w, i) => w.charAt(0) === y[i]?.charAt(0));
}

/**
 * The typo rule: same words but for close non-words; the spelling errors if it applies, else null. Tried on the
 * words with contractions expanded and, failing that, as typed: "Whta's" for "What's" is a typo in a word carrying
 * 's, which expansion alone would turn into a missing word ("what is" has two).
 */
function matchTypos(r: Side, a: PreparedAnswer, opts: CompareOptions): GradingError[] | null {
  if (a.wildcard) return null;
  const expanded = r.lower.length === a.lower.length ? typosBetween(r, a, opts) : null;
  if (expanded || (r.words === r.p.words && a.words === a.p.words)) return expanded;
  if (r.p.words.length !== a.p.words.length) return null;
  const asTyped = (x: Side | PreparedAnswer): Side => ({
    ...x,
    words: x.p.words,
    lower: x.p.words.map((w) => w.toLowerCase()),
  });
  return typosBetween(asTyped(r), asTyped(a), opts);
}

function typosBetween(r: Side, a: Side, opts: CompareOptions): GradingError[] | null {
  const rw = opts.caseSensitive ? r.words : r.lower;
  const aw = opts.caseSensitive ? a.words : a.lower;
  const typos: [string, string][] = [];
  for (let i = 0; i < rw.length; i++) {
    const x = rw[i]!;
    const y = aw[i]!;
    if (tokenEquals(x, y) || toAmerican(x.toLowerCase()) === toAmerican(y.toLowerCase())) continue;
    if (y.charCodeAt(0) === 1) return null;
    const allowed = typoAllowance(y);
    if (allowed === 0) return null;
    const xl = x.toLowerCase();
    const yl = y.toLowerCase();
    if (xl === yl || damerauLevenshtein(xl, yl, allowed) > allowed) return null;
    typos.push([y, x]);
  }
  if (!typos.length) return null;
  const tools = getLanguageTools();
  // A real word is a mistake, never a typo (then/than, go/goes). A non-word near the answer is a typo even when it
  // looks like a stem and an ending (runing, lifes: grading.md, Refinements) — but without a dictionary (the
  // browser before its tools load) the lemma rules are the only guard against accepting "walk" for "walks".
  const rulesOnly = tools.source === "rules";
  for (const [y, x] of typos) if (tools.isWord(x) || (rulesOnly && tools.sameLemma(x, y))) return null;
  return typos.map(([expected, actual]) => ({ category: "spelling", expected, actual }));
}

export function gradeTyped(
  response: string | undefined | null,
  answers: readonly TypedAnswer[],
  opts: CompareOptions,
): TypedOutcome {
  const r = side(prepareText(response ?? ""));
  const pas = answers.map(prepareAnswer);
  let maxFraction = Number.NEGATIVE_INFINITY;
  for (const a of answers) if (a.fraction > maxFraction) maxFraction = a.fraction;
  const bestText = pas.find((a) => a.answer.fraction === maxFraction)?.answer.text ?? null;
  if (r.words.length === 0) {
    return {
      verdict: "blank",
      fraction: 0,
      response: null,
      expected: bestText,
      notes: [],
      errors: [{ category: "blank", expected: bestText, actual: null }],
      feedback: undefined,
    };
  }

  let best: { a: PreparedAnswer; notes: GradeNote[]; typos: GradingError[] | null } | undefined;
  for (const a of pas) {
    if (best && a.answer.fraction <= best.a.answer.fraction) continue;
    const notes = matchExact(r, a, opts);
    if (notes) {
      best = { a, notes, typos: null };
      if (a.answer.fraction >= maxFraction) break;
    }
  }
  if (opts.tolerance === "typos" && (!best || best.a.answer.fraction < maxFraction)) {
    const byFraction = [...pas].sort((x, y) => y.answer.fraction - x.answer.fraction);
    for (const a of byFraction) {
      if (a.answer.fraction <= 0 || (best && a.answer.fraction <= best.a.answer.fraction)) break;
      const typos = matchTypos(r, a, opts);
      if (typos) {
        best = { a, notes: [], typos };
        break;
      }
    }
  }

  const fraction = best?.a.answer.fraction ?? 0;
  const feedback = best?.a.answer.feedback || undefined;
  if (best && fraction > 0) {
    return {
      verdict: best.typos ? "accepted_with_typo" : "correct",
      fraction,
      response: r.p.text,
      expected: best.a.answer.text,
      notes: best.notes,
      errors: best.typos ?? [],
      feedback,
    };
  }
  const { expected, errors } = explain(r, pas, opts);
  return { verdict: "incorrect", fraction, response: r.p.text, expected, notes: [], errors, feedback };
}

/** Aligns a wrong response with the closest right answer and names each difference. */
function explain(r: Side, pas: readonly PreparedAnswer[], opts: CompareOptions) {
  const right = pas.filter((a) => a.answer.fraction > 0);
  let closest:
    | { a: PreparedAnswer; words: string[]; cost: number; ops: ReturnType<typeof alignWithAnswer>["ops"] }
    | undefined;
  // Case-preserved words: feedback shows them as typed; the comparisons fold case themselves unless sensitive.
  const rw = r.words;
  for (const a of right.length ? right : pas) {
    const aw = a.words;
    const { cost, ops } = alignWithAnswer(aw, rw, opts);
    if (!closest || cost < closest.cost || (cost === closest.cost && a.answer.fraction > closest.a.answer.fraction)) {
      closest = { a, words: aw, cost, ops };
    }
  }
  if (!closest) return { expected: null, errors: [] };
  let errors = classifyDifferences(closest.words, rw, opts, getLanguageTools, closest.ops);
  // Words a `*` may have matched are not extra words.
  if (closest.a.wildcard) errors = errors.filter((e) => e.expected !== null);
  return { expected: closest.a.answer.text, errors };
}
