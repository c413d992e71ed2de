/**
 * The learner corpus: answers as learners of English write them, with the verdict and error categories a teacher
 * would give (grading.md, with its Refinements). Typed answers are in __corpus__/typed-answers.txt, one per line;
 * choice and numerical answers are below. Every bug found in grading adds its case here.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { type Item, itemSchema } from "../content/schema.ts";
import { grade } from "./grade.ts";
import type { PartVerdict } from "./types.ts";

const VERDICTS: Record<string, PartVerdict> = {
  ok: "correct",
  typo: "accepted_with_typo",
  x: "incorrect",
  blank: "blank",
};

interface Case {
  line: number;
  section: string;
  response: string;
  accepted: string[];
  verdict: PartVerdict;
  categories: string[];
  flags: string[];
}

function readTyped(): Case[] {
  const text = readFileSync(new URL("./__corpus__/typed-answers.txt", import.meta.url), "utf8");
  const out: Case[] = [];
  let section = "";
  text.split("\n").forEach((raw, i) => {
    if (raw.startsWith("## ")) section = raw.slice(3);
    if (!raw.trim() || raw.startsWith("#")) return;
    const [response, accepted, verdict, categories = "", flags = ""] = raw.split("::").map((s) => s.trim());
    const v = VERDICTS[verdict ?? ""];
    if (accepted === undefined || !v) throw new Error(`typed-answers.txt:${i + 1}: expected "r :: a :: verdict :: …"`);
    out.push({
      line: i + 1,
      section,
      response: response ?? "",
      accepted: accepted.split(" | "),
      verdict: v,
      categories: categories.split(/\s+/).filter(Boolean),
      flags: flags.split(/\s+/).filter(Boolean),
    });
  });
  return out;
}

const TYPED = readTyped();

const shortAnswer = (c: Case): Item =>
  itemSchema.parse({
    type: "short_answer",
    answers: c.accepted.map((text) => ({ text, fraction: 1 })),
    caseSensitive: c.flags.includes("cs"),
    tolerance: c.flags.includes("exact") ? "exact" : "typos",
  });

// Per category: how many expected errors of it were found exactly (for the note and the summary line).
const tally = new Map<string, { cases: number; exact: number }>();
afterAll(() => {
  const rows = [...tally].sort((a, b) => b[1].cases - a[1].cases);
  const lines = rows.map(([k, v]) => `${k}: ${v.exact}/${v.cases}`);
  console.log(`[learner corpus] ${TYPED.length + CHOICES.length + NUMBERS.length} cases; ${lines.join(", ")}`);
});

function record(categories: readonly string[], ok: boolean) {
  for (const k of categories.length ? new Set(categories) : ["(right)"]) {
    const t = tally.get(k) ?? { cases: 0, exact: 0 };
    t.cases++;
    if (ok) t.exact++;
    tally.set(k, t);
  }
}

describe("learner corpus: typed answers", () => {
  it("holds at least 500 learner answers", () => {
    expect(TYPED.length + CHOICES.length + NUMBERS.length).toBeGreaterThanOrEqual(500);
  });
  it.each(TYPED)("line $line ($section): $response → $verdict $categories", (c) => {
    const part = grade(shortAnswer(c), { text: c.response }).parts[0]!;
    const got = part.errors.map((e) => e.category).sort();
    record(c.categories, part.verdict === c.verdict && got.join() === [...c.categories].sort().join());
    expect(part.verdict).toBe(c.verdict);
    expect(got).toEqual([...c.categories].sort());
  });
});

// Choice items: [right option, chosen option, expected category] — the options are words, so the difference is
// named as for a typed answer; anything else is a wrong choice.
const CHOICES: [string, string, string][] = [
  ["at", "in", "preposition"],
  ["on", "at", "preposition"],
  ["in", "on", "preposition"],
  ["to", "for", "preposition"],
  ["of", "from", "preposition"],
  ["since", "for", "preposition"],
  ["in front of", "behind", "preposition"],
  ["because of", "due to", "preposition"],
  ["the", "a", "article"],
  ["an", "a", "article"],
  ["a", "the", "article"],
  ["goes", "go", "word_form"],
  ["went", "goed", "word_form"],
  ["has gone", "has went", "word_form"],
  ["were", "was", "word_form"],
  ["better", "gooder", "word_form"],
  ["children", "childs", "word_form"],
  ["carefully", "careful", "word_form"],
  ["happiness", "happy", "word_form"],
  ["him", "he", "word_form"],
  ["than", "then", "wrong_option"],
  ["make", "do", "wrong_option"],
  ["Paris", "London", "wrong_option"],
  ["a red car", "a car red", "wrong_option"],
  ["She lives in a small flat near the station", "She lives in the small flat near a station", "wrong_option"],
  ["yes", "no", "wrong_option"],
  ["dog", "cat", "wrong_option"],
  ["quickly", "fast", "wrong_option"],
];

describe("learner corpus: choices speak English", () => {
  it.each(CHOICES)("multiple choice: %s chosen as %s → %s", (right, chosen, category) => {
    const item = itemSchema.parse({
      type: "multiple_choice",
      options: [
        { id: "r", text: right, fraction: 1 },
        { id: "w", text: chosen, fraction: 0 },
      ],
    });
    const errors = grade(item, { selected: ["w"] }).parts[0]!.errors.map((e) => e.category);
    record(
      [category],
      errors.every((e) => e === category),
    );
    expect(new Set(errors)).toEqual(new Set([category]));
  });
  it.each(CHOICES)("dropdown gap: %s chosen as %s → %s", (right, chosen, category) => {
    const item = itemSchema.parse({
      type: "gap_fill",
      mode: "dropdown",
      prompt: "Choose: [[g1]]",
      gaps: [{ id: "g1", answers: [{ text: right, fraction: 1 }], options: [right, chosen] }],
    });
    const errors = grade(item, { gaps: { g1: chosen } }).parts[0]!.errors.map((e) => e.category);
    expect(new Set(errors)).toEqual(new Set([category]));
  });
});

// Numerical items: [answer, tolerance, response as typed, verdict, category]
const NUMBERS: [number, number, string, PartVerdict, string | null][] = [
  [2.5, 0, "2.5", "correct", null],
  [2.5, 0, " 2.5 ", "correct", null],
  [2.5, 0, "2.50", "correct", null],
  [2.5, 0.1, "2.45", "correct", null],
  [2.5, 0, "2.5 hours", "incorrect", "not_a_number"],
  [2.5, 0, "two and a half", "incorrect", "not_a_number"],
  [2.5, 0, "2,5", "correct", null],
  [2.5, 0, "3", "incorrect", "wrong_value"],
  [2.5, 0.1, "2.7", "incorrect", "wrong_value"],
  [100, 0, "1e2", "correct", null],
  [100, 0, "99", "incorrect", "wrong_value"],
  [-4, 0, "-4", "correct", null],
  [-4, 0, "4", "incorrect", "wrong_value"],
  [12, 0, "twelve", "incorrect", "not_a_number"],
  [12, 0, "12!", "incorrect", "not_a_number"],
  [12, 0, "", "blank", "blank"],
  [12, 0, "   ", "blank", "blank"],
  [0.5, 0, ".5", "correct", null],
  [1000, 0, "1000", "correct", null],
  [1000, 0, "1,000", "correct", null],
  [1000, 0, "1 000", "correct", null],
  [1.5, 0, "1,5", "correct", null],
  [2500, 0, "2,500", "correct", null],
  [12, 0, "1,2,3", "incorrect", "not_a_number"],
];

describe("learner corpus: numbers", () => {
  it.each(NUMBERS)("answer %d ± %d, typed %j → %s %s", (value, tolerance, typed, verdict, category) => {
    const item = itemSchema.parse({ type: "numerical", answers: [{ value, tolerance, fraction: 1 }] });
    const part = grade(item, { text: typed }).parts[0]!;
    record(category ? [category] : [], part.verdict === verdict);
    expect(part.verdict).toBe(verdict);
    expect(part.errors.map((e) => e.category)).toEqual(category ? [category] : []);
    // The answer is kept as the student wrote it, never dropped (the teacher sees "2.5 hours").
    if (category === "not_a_number") expect(part.response).toBe(typed.trim());
  });
});
