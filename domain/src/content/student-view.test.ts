import { describe, expect, it } from "vitest";
import { parseExercise } from "./schema.ts";
import { seededRandom, seededShuffle, toStudentExercise } from "./student-view.ts";

const exercise = parseExercise({
  title: "Mixed",
  items: [
    { type: "description", prompt: "Part 1" },
    {
      type: "multiple_choice",
      prompt: "Pick",
      shuffle: true,
      options: [
        { text: "right", fraction: 1, feedback: "yes" },
        { text: "wrong", fraction: 0, feedback: "no" },
        { text: "other", fraction: 0 },
      ],
    },
    { type: "true_false", prompt: "True?", answer: true, feedbackTrue: "ok", feedbackFalse: "ko" },
    { type: "short_answer", prompt: "Say", answers: [{ text: "secret", fraction: 1 }] },
    { type: "numerical", prompt: "How many", answers: [{ value: 42, tolerance: 0, fraction: 1 }] },
    { type: "description", prompt: "Part 2" },
    {
      type: "gap_fill",
      mode: "word_bank",
      prompt: "A [[g1]] and a [[g2]]",
      gaps: [
        {
          id: "g1",
          answers: [
            { text: "dog", fraction: 1 },
            { text: "hound", fraction: 0.5 },
          ],
        },
        { id: "g2", answers: [{ text: "cat", fraction: 1 }] },
      ],
      distractors: ["cow"],
    },
    {
      type: "matching",
      prompt: "Match",
      pairs: [
        { left: "a", right: "1" },
        { left: "b", right: "2" },
      ],
      distractors: ["3"],
    },
    { type: "ordering", prompt: "Order", sequence: ["one", "two", "three", "four"] },
    { type: "mark_words", prompt: "He *go* home" },
    { type: "essay", prompt: "Write", minWords: 10, rubric: [{ criterion: "Grammar", points: 1 }] },
  ],
});

describe("toStudentExercise", () => {
  it("keeps nothing that reveals an answer", () => {
    const view = toStudentExercise(exercise, { seed: "attempt-1" });
    const json = JSON.stringify(view);
    for (const secret of ["fraction", "secret", "42", "feedback", '"answer"', "answers", "sequence", "hound", "*go*"]) {
      expect(json, secret).not.toContain(secret);
    }
    const bank = view.items.find((i) => i.type === "gap_fill")!;
    expect([...(bank.bank as string[])].sort()).toEqual(["cat", "cow", "dog"]);
    const mark = view.items.find((i) => i.type === "mark_words")!;
    expect(mark.tokens).toEqual(["He", "go", "home"]);
    // No instruction line before the text: the prompt is empty and the player shows its generic line (issue 15).
    expect(mark.prompt).toBe("");
  });

  it("is stable for one seed and differs between seeds", () => {
    const a = toStudentExercise(exercise, { seed: "attempt-1", shuffle: true });
    expect(toStudentExercise(exercise, { seed: "attempt-1", shuffle: true })).toEqual(a);
    const orders = new Set(
      Array.from({ length: 20 }, (_, i) =>
        toStudentExercise(exercise, { seed: `s${i}`, shuffle: true })
          .items.map((x) => x.id)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it("shuffles items only within the sections descriptions open", () => {
    for (let i = 0; i < 20; i++) {
      const ids = toStudentExercise(exercise, { seed: `x${i}`, shuffle: true }).items.map((x) => x.id);
      expect(ids[0]).toBe("q1");
      expect(ids[5]).toBe("q6");
      expect(new Set(ids.slice(1, 5))).toEqual(new Set(["q2", "q3", "q4", "q5"]));
    }
  });

  it("never shows an ordering item already in a right order", () => {
    for (let i = 0; i < 50; i++) {
      const order = toStudentExercise(exercise, { seed: `o${i}` }).items.find((x) => x.type === "ordering")!;
      expect(order.units).not.toEqual(["one", "two", "three", "four"]);
    }
  });
});

describe("seededShuffle", () => {
  it("is a permutation", () => {
    const xs = Array.from({ length: 30 }, (_, i) => i);
    expect([...seededShuffle(xs, seededRandom("k"))].sort((a, b) => a - b)).toEqual(xs);
  });
});

describe("a listening transcript kept back until after submitting (issue 15, item 7)", () => {
  const ex = parseExercise({
    title: "Listening",
    passage: "A: Where is the station? B: Next to the bank.",
    transcriptAfterSubmit: true,
    items: [
      { type: "short_answer", prompt: "Where is the station?", answers: [{ text: "next to the bank", fraction: 1 }] },
    ],
  });
  it("is not in the student's view while answering", () => {
    expect(toStudentExercise(ex, { seed: "a" }).passage).toBeUndefined();
    expect(JSON.stringify(toStudentExercise(ex, { seed: "a" }))).not.toContain("Next to the bank");
  });
  it("appears once the attempt is submitted", () => {
    expect(toStudentExercise(ex, { seed: "a", submitted: true }).passage).toBe(ex.passage);
  });
});
