import { describe, expect, it } from "vitest";
import { type FormatError, readExercise } from "./index.ts";

const SAMPLE = `What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
`;

const errors = (text: string) => {
  try {
    readExercise(text, "aiken");
  } catch (err) {
    return (err as FormatError).errors;
  }
  throw new Error("expected a FormatError");
};

describe("Aiken reader", () => {
  it("reads Moodle's documented example (A. and A) options)", () => {
    const ex = readExercise(SAMPLE, "aiken", { title: "Aiken" });
    expect(ex.title).toBe("Aiken");
    expect(ex.items).toHaveLength(2);
    expect(ex.items[0]).toMatchObject({
      type: "multiple_choice",
      multiple: false,
      prompt: "What is the correct answer to this question?",
    });
    const first = ex.items[0]!;
    expect(first.type === "multiple_choice" && first.options.map((o) => [o.id, o.text, o.fraction])).toEqual([
      ["a", "Is it this one?", 0],
      ["b", "Maybe this answer?", 0],
      ["c", "Possibly this one?", 0],
      ["d", "Must be this one!", 1],
    ]);
    expect(ex.items[1]).toMatchObject({ options: [{ text: "Moodle", fraction: 1 }, {}, {}, {}, {}, {}] });
  });

  it("accepts several letters as a multiple-answer question", () => {
    const ex = readExercise("Pick two\nA. x\nB. y\nC. z\nANSWER: A, C", "aiken");
    expect(ex.items[0]).toMatchObject({
      multiple: true,
      options: [{ fraction: 0.5 }, { fraction: 0 }, { fraction: 0.5 }],
    });
  });

  it("reports unknown answer letters, missing ANSWER lines and lonely questions, all at once", () => {
    expect(errors("Q1\nA. a\nB. b\nANSWER: E\n\nQ2\nA. a\nB. b\nQ3?\n")).toEqual([
      { line: 4, column: 1, message: expect.stringContaining("one of the options (A, B)") },
      { line: 6, message: expect.stringContaining('no "ANSWER: X"') },
      { line: 9, column: 1, message: expect.stringContaining("started at line 6") },
    ]);
    expect(errors("Q1\nA. only\nANSWER: A")[0]!.message).toContain("at least two options");
    expect(errors("ANSWER: A")[0]!.message).toContain("without a question");
  });
});
