/** Per-type graders: each returns the earned fraction (before clamping) and its parts with part fractions. */

import { parseNumberAnswer, type Response } from "../content/responses.ts";
import type {
  GapFillItem,
  Item,
  MarkWordsItem,
  MatchingItem,
  MultipleChoiceItem,
  NumericalItem,
  OrderingItem,
  ShortAnswerItem,
  TrueFalseItem,
} from "../content/schema.ts";
import { markWordsTokens } from "../content/schema.ts";
import { classifyDifferences } from "./classify.ts";
import { getLanguageTools } from "./language-tools.ts";
import { basicNormalize, orderingKey, prepareText } from "./normalize.ts";
import { gradeTyped } from "./typed.ts";
import type { GradingError, PartResult } from "./types.ts";

/** A part before scaling: `weight` is its share of the item's points per unit of `fraction`. */
export type RawPart = Omit<PartResult, "score"> & { fraction: number; weight: number };
export interface Graded {
  fraction: number;
  parts: RawPart[];
  feedback: string[];
}

const blankError = (expected: string | null): GradingError[] => [{ category: "blank", expected, actual: null }];
const wrongOption = (expected: string | null, actual: string | null): GradingError[] => [
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

export function gradeShortAnswer(item: ShortAnswerItem, response: Response): Graded {
  const o = gradeTyped(response.text, item.answers, item);
  const { fraction, feedback, ...part } = o;
  return {
    fraction,
    parts: [{ id: "answer", ...part, fraction, weight: 1 }],
    feedback: feedback ? [feedback] : [],
  };
}

export function gradeNumerical(item: NumericalItem, response: Response): Graded {
  const written = typeof response.text === "string" ? response.text.trim() : "";
  const raw = typeof response.value === "number" ? response.value : written ? parseNumberAnswer(written) : null;
  const best = [...item.answers].sort((a, b) => b.fraction - a.fraction)[0]!;
  const expected = String(best.value);
  if (raw === null && written) {
    // Kept as the student wrote it ("2.5 hours") and graded wrong: grading.md "Numbers".
    const errors: GradingError[] = [{ category: "not_a_number", expected, actual: written }];
    const part = { id: "answer", response: written, expected, verdict: "incorrect" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors, fraction: 0, weight: 1 }], feedback: [] };
  }
  if (raw === null || !Number.isFinite(raw)) {
    const part = { id: "answer", response: null, expected, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(expected), fraction: 0, weight: 1 }], feedback: [] };
  }
  let match: (typeof item.answers)[number] | undefined;
  for (const a of item.answers) {
    // A relative epsilon so that 0.1 + 0.2 is within a tolerance of 0 around 0.3.
    const eps = 1e-9 * Math.max(1, Math.abs(a.value));
    if (Math.abs(raw - a.value) <= a.tolerance + eps && (!match || a.fraction > match.fraction)) match = a;
  }
  const fraction = match?.fraction ?? 0;
  const right = fraction > 0;
  const shown = String(raw);
  return {
    fraction,
    parts: [
      {
        id: "answer",
        response: shown,
        expected: right ? String(match!.value) : expected,
        verdict: right ? "correct" : "incorrect",
        notes: [],
        // Numbers have no word categories (grading.md).
        errors: right ? [] : [{ category: "wrong_value", expected, actual: String(raw) }],
        fraction,
        weight: 1,
      },
    ],
    feedback: match?.feedback ? [match.feedback] : [],
  };
}

export function gradeMultipleChoice(item: MultipleChoiceItem, response: Response): Graded {
  const selected = [...new Set(response.selected ?? [])];
  const options = item.options.map((o, i) => ({ ...o, id: o.id ?? String.fromCharCode(97 + i) }));
  const rightText = options
    .filter((o) => o.fraction > 0)
    .map((o) => o.text)
    .join("; ");
  const top = Math.max(...options.map((o) => o.fraction));
  const tops = options.filter((o) => o.fraction === top);
  // One best option: a wrong choice is compared with it as English (choiceErrors); several: just a wrong choice.
  const bestText = tops.length === 1 && top > 0 ? tops[0]!.text : null;
  if (!selected.length) {
    const part = { id: "selected", response: null, expected: rightText, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(rightText), fraction: 0, weight: 1 }], feedback: [] };
  }
  const parts: RawPart[] = [];
  const feedback: string[] = [];
  const fractions: number[] = [];
  for (const id of selected) {
    const o = options.find((x) => x.id === id);
    const fraction = o?.fraction ?? 0;
    fractions.push(fraction);
    if (o?.feedback) feedback.push(o.feedback);
    const right = fraction > 0;
    parts.push({
      id,
      response: o?.text ?? id,
      expected: right ? o!.text : rightText,
      verdict: right ? "correct" : "incorrect",
      notes: [],
      errors: right ? [] : bestText ? choiceErrors(bestText, o?.text ?? id) : wrongOption(rightText, o?.text ?? id),
      fraction,
      weight: 1,
    });
  }
  // Several choices where only one is allowed cannot earn more than the worst of them: no gaming by ticking all.
  const fraction = item.multiple
    ? Math.min(
        1,
        Math.max(
          0,
          fractions.reduce((s, f) => s + f, 0),
        ),
      )
    : fractions.length === 1
      ? fractions[0]!
      : Math.min(...fractions);
  return { fraction, parts, feedback };
}

export function gradeTrueFalse(item: TrueFalseItem, response: Response): Graded {
  const expected = String(item.answer);
  if (typeof response.value !== "boolean") {
    const part = { id: "answer", response: null, expected, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(expected), fraction: 0, weight: 1 }], feedback: [] };
  }
  const right = response.value === item.answer;
  const fb = response.value ? item.feedbackTrue : item.feedbackFalse;
  return {
    fraction: right ? 1 : 0,
    parts: [
      {
        id: "answer",
        response: String(response.value),
        expected,
        verdict: right ? "correct" : "incorrect",
        notes: [],
        errors: right ? [] : wrongOption(expected, String(response.value)),
        fraction: right ? 1 : 0,
        weight: 1,
      },
    ],
    feedback: fb ? [fb] : [],
  };
}

export function gradeGapFill(item: GapFillItem, response: Response): Graded {
  const gaps = response.gaps ?? {};
  const n = item.gaps.length;
  const parts: RawPart[] = [];
  const feedback: string[] = [];
  let sum = 0;
  for (const gap of item.gaps) {
    const given = gaps[gap.id];
    let part: RawPart;
    if (item.mode === "typed") {
      const { fraction, feedback: fb, ...rest } = gradeTyped(given, gap.answers, item);
      if (fb) feedback.push(fb);
      part = { id: gap.id, ...rest, fraction, weight: 1 / n };
    } else {
      part = { ...gradeChosenGap(gap.id, given, gap.answers), weight: 1 / n };
      const fb = gap.answers.find((a) => a.text === part.expected && part.verdict === "correct")?.feedback;
      if (fb) feedback.push(fb);
    }
    sum += part.fraction;
    parts.push(part);
  }
  return { fraction: sum / n, parts, feedback };
}

/** Dropdown and word-bank gaps: the learner picked a text, so it is right or a wrong option, never a typo. */
function gradeChosenGap(id: string, given: string | undefined, answers: GapFillItem["gaps"][number]["answers"]) {
  const best = [...answers].sort((a, b) => b.fraction - a.fraction)[0]!;
  const value = basicNormalize(given ?? "");
  if (!value) {
    return {
      id,
      response: null,
      expected: best.text,
      verdict: "blank" as const,
      notes: [],
      errors: blankError(best.text),
      fraction: 0,
    };
  }
  let match: (typeof answers)[number] | undefined;
  for (const a of answers) {
    const t = basicNormalize(a.text);
    if ((t === value || t.toLowerCase() === value.toLowerCase()) && (!match || a.fraction > match.fraction)) match = a;
  }
  const fraction = match?.fraction ?? 0;
  const right = fraction > 0;
  return {
    id,
    response: value,
    expected: right ? match!.text : best.text,
    verdict: right ? ("correct" as const) : ("incorrect" as const),
    notes: [],
    errors: right ? [] : choiceErrors(best.text, value),
    fraction,
  };
}

export function gradeMatching(item: MatchingItem, response: Response): Graded {
  const matches = response.matches ?? {};
  const n = item.pairs.length;
  let right = 0;
  const parts: RawPart[] = item.pairs.map((pair) => {
    const given = matches[pair.left];
    const value = given === undefined ? "" : basicNormalize(given);
    if (!value) {
      return {
        id: pair.left,
        response: null,
        expected: pair.right,
        verdict: "blank",
        notes: [],
        errors: blankError(pair.right),
        fraction: 0,
        weight: 1 / n,
      };
    }
    const ok = value === basicNormalize(pair.right);
    if (ok) right++;
    return {
      id: pair.left,
      response: value,
      expected: pair.right,
      verdict: ok ? "correct" : "incorrect",
      notes: [],
      errors: ok ? [] : wrongOption(pair.right, value),
      fraction: ok ? 1 : 0,
      weight: 1 / n,
    };
  });
  return { fraction: right / n, parts, feedback: [] };
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

export function gradeOrdering(item: OrderingItem, response: Response): Graded {
  const given = (response.sequence ?? []).map(basicNormalize);
  const seq = given.map(orderingKey);
  const orders = [item.sequence, ...(item.alternatives ?? [])].map((o) => o.map(orderingKey));
  const shown = [item.sequence, ...(item.alternatives ?? [])].map((o) => o.map(basicNormalize));
  const join = (units: readonly string[]) => units.join(" ");
  const expected = join(item.sequence);
  if (!seq.length) {
    const part = { id: "sequence", response: null, expected, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(expected), fraction: 0, weight: 1 }], feedback: [] };
  }
  const sameAs = (o: readonly string[]) => o.length === seq.length && o.every((u, i) => u === seq[i]);
  const exactAt = orders.findIndex(sameAs);
  let fraction = 1;
  let closestAt = Math.max(exactAt, 0);
  if (exactAt < 0) {
    let bestLcs = -1;
    orders.forEach((o, k) => {
      const l = lcsLength(o, seq);
      if (l > bestLcs) [bestLcs, closestAt] = [l, k];
    });
    const n = item.sequence.length;
    fraction = Math.max(0, bestLcs - 1) / (n - 1);
  }
  const right = fraction >= 1;
  const closest = join(shown[closestAt]!);
  return {
    fraction,
    parts: [
      {
        id: "sequence",
        response: join(given),
        expected: closest,
        verdict: right ? "correct" : "incorrect",
        notes: [],
        errors: right ? [] : [{ category: "word_order", expected: closest, actual: join(given) }],
        fraction,
        weight: 1,
      },
    ],
    feedback: [],
  };
}

export function gradeMarkWords(item: MarkWordsItem, response: Response): Graded {
  const tokens = markWordsTokens(item.prompt);
  const targets = tokens.filter((t) => t.target).length;
  const marked = [...new Set(response.marked ?? [])].sort((a, b) => a - b);
  if (!marked.length) {
    const part = { id: "marked", response: null, expected: null, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(null), fraction: 0, weight: 1 }], feedback: [] };
  }
  let right = 0;
  let wrong = 0;
  const parts: RawPart[] = marked.map((index) => {
    const tok = tokens[index];
    const ok = !!tok?.target;
    if (ok) right++;
    else wrong++;
    const text = tok?.text ?? null;
    return {
      id: `w${index}`,
      response: text,
      expected: ok ? text : null,
      verdict: ok ? "correct" : "incorrect",
      notes: [],
      errors: ok ? [] : wrongOption(null, text),
      // A wrong mark cancels a right one, as the score formula says.
      fraction: ok ? 1 : -1,
      weight: 1 / Math.max(1, targets),
    };
  });
  return { fraction: targets ? Math.max(right - wrong, 0) / targets : 0, parts, feedback: [] };
}

export type Grader = (item: Item, response: Response) => Graded;
