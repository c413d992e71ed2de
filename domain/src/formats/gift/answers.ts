/**
 * The inside of a GIFT answer block `{…}`, classified the way Moodle does it: empty → essay, `#` → numerical,
 * T/F → true/false, any `~` → multiple choice, `=a -> b` → matching, otherwise short answer.
 */
import { ANY_NUMBER_TOLERANCE } from "../../content/schema.ts";
import { parseNumSpecText as parseNumSpec } from "../numbers.ts";
import { indexOfUnescaped, unescapeGift, weightToFraction } from "./lexer.ts";

export interface Answer {
  text: string;
  fraction: number;
  feedback?: string;
}
export interface NumAnswer {
  value: number;
  tolerance: number;
  fraction: number;
  feedback?: string;
}

export type AnswerBlock = { generalFeedback?: string } & (
  | { kind: "essay" }
  | { kind: "true_false"; answer: boolean; wrong?: string; right?: string }
  | { kind: "numerical"; answers: NumAnswer[] }
  /** `hasRight`: some answer was marked with `=`, which makes it single-answer in Moodle. */
  | { kind: "choice"; hasRight: boolean; options: Answer[] }
  | { kind: "short"; answers: Answer[] }
  | { kind: "matching"; pairs: { left: string; right: string }[]; distractors: string[] }
);

/** Reports a problem at an offset of the block text. */
export type Report = (offset: number, message: string) => void;

const MARKER = /^\s*\[(html|markdown|plain|moodle)\]/i;

/** Text of an answer or feedback: trimmed, unescaped, without a format marker (answers share the question's). */
export function cleanText(raw: string): string {
  const t = raw.trim();
  return unescapeGift(MARKER.test(t) ? t.replace(MARKER, "").trim() : t);
}

function optional(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const t = cleanText(raw);
  return t === "" ? undefined : t;
}

interface RawAnswer {
  mark: "=" | "~";
  /** Offset of the mark in the block text. */
  at: number;
  body: string;
}

/** Splits at unescaped `=` and `~`; anything before the first mark is an error. */
function splitAnswers(s: string, from: number, to: number, report: Report): RawAnswer[] {
  const out: RawAnswer[] = [];
  let start = -1;
  let mark: "=" | "~" = "=";
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      i++;
      continue;
    }
    if (c === 61 || c === 126) {
      if (start === -1) {
        const lead = s.slice(from, i).trim();
        if (lead)
          report(
            from + s.slice(from, i).search(/\S/),
            `expected "=" or "~" before an answer, found "${lead.slice(0, 20)}"`,
          );
      } else out.push({ mark, at: start, body: s.slice(start + 1, i) });
      start = i;
      mark = c === 61 ? "=" : "~";
    }
  }
  if (start === -1) {
    const lead = s.slice(from, to).trim();
    report(
      from + Math.max(0, s.slice(from, to).search(/\S/)),
      `expected answers starting with "=" or "~", found "${lead.slice(0, 20)}"`,
    );
  } else out.push({ mark, at: start, body: s.slice(start + 1, to) });
  return out;
}

/** Splits `%50%rest` into a fraction and the rest; `fallback` when there is no weight. */
function takeWeight(a: RawAnswer, fallback: number, report: Report): { fraction: number; rest: string } {
  const body = a.body.trimStart();
  if (!body.startsWith("%")) return { fraction: fallback, rest: a.body };
  const end = body.indexOf("%", 1);
  const fraction = end === -1 ? undefined : weightToFraction(body.slice(1, end).trim());
  if (fraction === undefined) {
    report(a.at + 1, "expected a weight between %-100% and %100%, such as %50%");
    return { fraction: fallback, rest: end === -1 ? body.slice(1) : body.slice(end + 1) };
  }
  return { fraction, rest: body.slice(end + 1) };
}

/** `text#feedback` with the text still escaped and the feedback unescaped. */
function takeFeedback(rest: string): { raw: string; feedback?: string } {
  const hash = indexOfUnescaped(rest, "#");
  if (hash === -1) return { raw: rest };
  const feedback = optional(rest.slice(hash + 1));
  return feedback === undefined ? { raw: rest.slice(0, hash) } : { raw: rest.slice(0, hash), feedback };
}

function firstUnescapedMark(s: string, from: number, to: number): number {
  const eq = indexOfUnescaped(s, "=", from, to);
  const tilde = indexOfUnescaped(s, "~", from, to);
  return eq === -1 ? tilde : tilde === -1 ? eq : Math.min(eq, tilde);
}

const NUM_EXPECTED = 'expected a number such as "3.5", "3.5:0.1" (value:tolerance) or "3..4" (min..max)';

function parseNumerical(s: string, from: number, to: number, report: Report): NumAnswer[] {
  const first = from + s.slice(from, to).search(/\S|$/);
  // `{#3:2~#Completely wrong}` (Moodle's documentation): a first answer without "=" followed by marked ones.
  const nextMark = s[first] === "=" || s[first] === "~" ? -1 : firstUnescapedMark(s, first, to);
  if (s[first] === "=" || s[first] === "~" || nextMark !== -1) {
    const answers: NumAnswer[] = [];
    const raws = splitAnswers(s, nextMark === -1 ? from : nextMark, to, report);
    if (nextMark !== -1) raws.unshift({ mark: "=", at: first - 1, body: s.slice(first, nextMark) });
    for (const a of raws) {
      const { fraction, rest } = takeWeight(a, a.mark === "=" ? 1 : 0, report);
      const { raw, feedback } = takeFeedback(rest);
      // An empty wrong answer with feedback is the catch-all: that feedback for any other number.
      if (raw.trim() === "" && a.mark === "~" && feedback !== undefined) {
        const value = answers[0]?.value ?? 0;
        answers.push({ value, tolerance: ANY_NUMBER_TOLERANCE, fraction, feedback });
        continue;
      }
      const spec = parseNumSpec(unescapeGift(raw));
      if (!spec) report(a.at + 1, `${NUM_EXPECTED}, found "${raw.trim().slice(0, 20)}"`);
      else answers.push(feedback === undefined ? { ...spec, fraction } : { ...spec, fraction, feedback });
    }
    return answers;
  }
  const { raw, feedback } = takeFeedback(s.slice(from, to));
  const spec = parseNumSpec(unescapeGift(raw));
  if (!spec) {
    report(first, `${NUM_EXPECTED}, found "${raw.trim().slice(0, 20)}"`);
    return [];
  }
  return [feedback === undefined ? { ...spec, fraction: 1 } : { ...spec, fraction: 1, feedback }];
}

const TRUE_FALSE = /^\s*(t|true|f|false)\s*$/i;

/** Parses s[from, to), the text between the braces. */
export function parseAnswerBlock(s: string, from: number, to: number, report: Report): AnswerBlock {
  let end = to;
  let generalFeedback: string | undefined;
  const gf = indexOfUnescaped(s, "####", from, to);
  if (gf !== -1) {
    generalFeedback = optional(s.slice(gf + 4, to));
    end = gf;
  }
  const g = generalFeedback === undefined ? {} : { generalFeedback };
  const body = s.slice(from, end);
  if (body.trim() === "") return { ...g, kind: "essay" };
  const start = from + body.search(/\S/);
  if (s[start] === "#") return { ...g, kind: "numerical", answers: parseNumerical(s, start + 1, end, report) };

  const hash = indexOfUnescaped(s, "#", from, end);
  const tf = TRUE_FALSE.exec(s.slice(from, hash === -1 ? end : hash));
  if (tf) {
    // Moodle's order: the first feedback is for a wrong answer, the second for a right one.
    const parts = hash === -1 ? [] : splitUnescaped(s.slice(hash + 1, end), "#");
    if (parts.length > 2)
      report(hash, "true/false takes at most two feedbacks: {T#for a wrong answer#for a right answer}");
    const answer = (tf[1] as string).toLowerCase().startsWith("t");
    const wrong = optional(parts[0]);
    const right = optional(parts[1]);
    return {
      ...g,
      kind: "true_false",
      answer,
      ...(wrong === undefined ? {} : { wrong }),
      ...(right === undefined ? {} : { right }),
    };
  }

  const raws = splitAnswers(s, from, end, report);
  if (raws.some((a) => a.mark === "~")) {
    const options = raws.map((a) => {
      const { fraction, rest } = takeWeight(a, a.mark === "=" ? 1 : 0, report);
      const { raw, feedback } = takeFeedback(rest);
      const text = cleanText(raw);
      if (text === "") report(a.at, "empty answer: expected text after the mark");
      return feedback === undefined ? { text, fraction } : { text, fraction, feedback };
    });
    return { ...g, kind: "choice", hasRight: raws.some((a) => a.mark === "="), options };
  }

  // Only the text decides (a feedback may well say "->").
  const arrows = raws.filter((a) => takeFeedback(a.body).raw.includes("->")).length;
  if (arrows > 0) {
    if (arrows < raws.length) report(raws[0]?.at ?? from, 'matching: every answer must be a pair "=left -> right"');
    const pairs: { left: string; right: string }[] = [];
    const distractors: string[] = [];
    for (const a of raws) {
      const { raw, feedback } = takeFeedback(a.body);
      const arrow = raw.indexOf("->");
      if (arrow === -1) continue;
      if (feedback !== undefined) report(a.at, "matching pairs cannot have feedback (escape a literal # as \\#)");
      const left = cleanText(raw.slice(0, arrow));
      const right = cleanText(raw.slice(arrow + 2));
      if (right === "") report(a.at, 'matching: expected text after "->"');
      else if (left === "") distractors.push(right);
      else pairs.push({ left, right });
    }
    return { ...g, kind: "matching", pairs, distractors };
  }

  const answers = raws.map((a) => {
    const { fraction, rest } = takeWeight(a, 1, report);
    const { raw, feedback } = takeFeedback(rest);
    const text = cleanText(raw);
    if (text === "") report(a.at, 'empty answer: expected text after "="');
    return feedback === undefined ? { text, fraction } : { text, fraction, feedback };
  });
  return { ...g, kind: "short", answers };
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = indexOfUnescaped(s, sep); i !== -1; i = indexOfUnescaped(s, sep, from)) {
    out.push(s.slice(from, i));
    from = i + sep.length;
  }
  out.push(s.slice(from));
  return out;
}
