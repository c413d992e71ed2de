import { describe, expect, it } from "vitest";
import { type Item, itemSchema } from "../content/schema.ts";
import { grade } from "./grade.ts";
import { normalizeResponseText } from "./normalize.ts";
import { damerauLevenshtein } from "./typos.ts";

const parse = (x: unknown) => itemSchema.parse(x) as Item;

describe("grade() per item type", () => {
  it("scales short answers by points, shows the matched feedback then the general feedback", () => {
    const item = parse({
      type: "short_answer",
      points: 4,
      generalFeedback: "Present simple, third person.",
      answers: [
        { text: "goes", fraction: 1, feedback: "Yes!" },
        { text: "is going", fraction: 0.5, feedback: "Possible, but not the tense we practise." },
        { text: "go", fraction: -0.5, feedback: "Remember the -s." },
      ],
    });
    expect(grade(item, { text: "Goes" })).toMatchObject({ score: 4, maxScore: 4, status: "correct" });
    expect(grade(item, { text: "Goes" }).feedback).toEqual(["Yes!", "Present simple, third person."]);
    expect(grade(item, { text: "is going" })).toMatchObject({ score: 2, status: "partial" });
    const neg = grade(item, { text: "go" });
    expect(neg).toMatchObject({ score: 0, status: "incorrect" });
    expect(neg.feedback[0]).toBe("Remember the -s.");
    expect(neg.parts[0]!.errors).toEqual([{ category: "word_form", expected: "goes", actual: "go" }]);
    expect(grade(item, {})).toMatchObject({ score: 0, status: "blank" });
  });

  it("grades numerical answers within tolerance", () => {
    const item = parse({
      type: "numerical",
      answers: [
        { value: 12.5, tolerance: 0.5, fraction: 1 },
        { value: 12, tolerance: 2, fraction: 0.5 },
      ],
    });
    expect(grade(item, { value: 12.9 }).score).toBe(1);
    expect(grade(item, { value: 13.5 }).score).toBe(0.5);
    expect(grade(item, { value: 20 })).toMatchObject({ score: 0, status: "incorrect" });
    expect(grade(item, { value: null }).status).toBe("blank");
  });

  it("grades one choice by its fraction and several by the clamped sum", () => {
    const one = parse({
      type: "multiple_choice",
      options: [
        { id: "a", text: "went", fraction: 1, feedback: "Right" },
        { id: "b", text: "goed", fraction: 0 },
      ],
    });
    expect(grade(one, { selected: ["a"] })).toMatchObject({ score: 1, feedback: ["Right"] });
    const wrong = grade(one, { selected: ["b"] });
    // A choice between forms of one word is a word-form mistake (grading.md, Refinements: choices speak English).
    expect(wrong.parts[0]!.errors).toEqual([{ category: "word_form", expected: "went", actual: "goed" }]);
    expect(grade(one, { selected: ["a", "b"] }).score).toBe(0);
    const many = parse({
      type: "multiple_choice",
      multiple: true,
      options: [
        { id: "a", text: "cat", fraction: 0.5 },
        { id: "b", text: "dog", fraction: 0.5 },
        { id: "c", text: "table", fraction: -1 },
      ],
    });
    expect(grade(many, { selected: ["a", "b"] }).status).toBe("correct");
    expect(grade(many, { selected: ["a"] })).toMatchObject({ score: 0.5, status: "partial" });
    expect(grade(many, { selected: ["a", "c"] })).toMatchObject({ score: 0, status: "incorrect" });
    expect(grade(many, { selected: [] }).status).toBe("blank");
  });

  it("grades true/false with the feedback of the side chosen", () => {
    const item = parse({
      type: "true_false",
      answer: false,
      feedbackTrue: "No, it is false.",
      feedbackFalse: "Right.",
    });
    expect(grade(item, { value: false })).toMatchObject({ score: 1, feedback: ["Right."] });
    expect(grade(item, { value: true })).toMatchObject({ score: 0, feedback: ["No, it is false."] });
    expect(grade(item, { value: true }).parts[0]!.errors[0]!.category).toBe("wrong_option");
  });

  it("grades gap fills as the mean of the gaps, in every mode", () => {
    const typed = parse({
      type: "gap_fill",
      points: 2,
      prompt: "She [[g1]] to school and [[g2]] lunch there.",
      gaps: [
        { id: "g1", answers: [{ text: "goes", fraction: 1 }] },
        { id: "g2", answers: [{ text: "has", fraction: 1 }] },
      ],
    });
    const r = grade(typed, { gaps: { g1: "goes", g2: "have" } });
    expect(r).toMatchObject({ score: 1, maxScore: 2, status: "partial" });
    expect(r.parts.map((p) => [p.id, p.verdict, p.score])).toEqual([
      ["g1", "correct", 1],
      ["g2", "incorrect", 0],
    ]);
    expect(grade(typed, { gaps: { g1: "gose" } }).parts.map((p) => p.verdict)).toEqual(["accepted_with_typo", "blank"]);
    expect(grade(typed, { gaps: {} }).status).toBe("blank");
    const dropdown = parse({
      type: "gap_fill",
      mode: "dropdown",
      prompt: "I [[g1]] tired.",
      gaps: [{ id: "g1", answers: [{ text: "am", fraction: 1 }], options: ["am", "is", "are"] }],
    });
    expect(grade(dropdown, { gaps: { g1: "am" } }).score).toBe(1);
    expect(grade(dropdown, { gaps: { g1: "is" } }).parts[0]!.errors[0]!.category).toBe("word_form");
  });

  it("grades matching as right pairs over pairs", () => {
    const item = parse({
      type: "matching",
      pairs: [
        { left: "cat", right: "chat" },
        { left: "dog", right: "chien" },
        { left: "bird", right: "oiseau" },
      ],
    });
    const r = grade(item, { matches: { cat: "chat", dog: "oiseau", bird: "chien" } });
    expect(r.score).toBeCloseTo(1 / 3, 6);
    expect(r.parts[1]!.errors[0]!.category).toBe("wrong_option");
  });

  it("grades ordering by the longest run kept in order", () => {
    const item = parse({ type: "ordering", sequence: ["I", "have", "never", "been", "there"] });
    expect(grade(item, { sequence: ["I", "have", "never", "been", "there"] }).score).toBe(1);
    // LCS = 4 (I have been there) → (4 − 1) / 4
    expect(grade(item, { sequence: ["I", "have", "been", "never", "there"] }).score).toBe(0.75);
    expect(grade(item, { sequence: ["there", "been", "never", "have", "I"] }).score).toBe(0);
    const alt = parse({ type: "ordering", sequence: ["a", "b", "c"], alternatives: [["b", "a", "c"]] });
    expect(grade(alt, { sequence: ["b", "a", "c"] }).status).toBe("correct");
  });

  it("grades mark_words as right marks minus wrong marks over words to find", () => {
    const item = parse({ type: "mark_words", points: 2, prompt: "She *go* to school *everyday* with her friends." });
    // tokens: She(0) go(1) to(2) school(3) everyday(4) with(5)…
    expect(grade(item, { marked: [1, 4] }).score).toBe(2);
    expect(grade(item, { marked: [1] }).score).toBe(1);
    expect(grade(item, { marked: [1, 2] }).score).toBe(0);
    expect(grade(item, { marked: [0, 2, 3] }).score).toBe(0);
  });

  it("leaves essays pending and does not score descriptions", () => {
    const essay = parse({ type: "essay", points: 10, generalFeedback: "Thanks" });
    expect(grade(essay, { text: "My holidays were great." })).toMatchObject({
      status: "pending",
      score: 0,
      maxScore: 10,
    });
    expect(grade(essay, { text: "  " }).status).toBe("blank");
    const desc = parse({ type: "description", prompt: "Read the text." });
    expect(grade(desc, {})).toMatchObject({ score: 0, maxScore: 0 });
  });
});

describe("helpers", () => {
  it("normalizes response groups", () => {
    expect(normalizeResponseText("  He DOESN’T  know , really.")).toBe("he doesn't know, really");
    expect(normalizeResponseText("He goes", { caseSensitive: true })).toBe("He goes");
  });
  it("measures Damerau–Levenshtein distance", () => {
    expect(damerauLevenshtein("recieve", "receive")).toBe(1);
    expect(damerauLevenshtein("kitten", "sitting")).toBe(3);
    expect(damerauLevenshtein("abc", "")).toBe(3);
    expect(damerauLevenshtein("abcdef", "uvwxyz", 2)).toBe(3);
  });
});
