import { describe, expect, it } from "vitest";
import { partBreakdown } from "./breakdown.ts";

describe("partBreakdown", () => {
  const parts = [
    { part: "dog", label: "dog", expected: "barks" },
    { part: "cat", label: "cat", expected: "meows" },
  ];

  it("counts each part's answers, right ones and blanks, most frequent first", () => {
    // Four students: two match both right, one swaps them, one answers only the dog.
    const b = partBreakdown("pairs", parts, [
      { dog: "barks", cat: "meows" },
      { dog: "barks", cat: "meows" },
      { dog: "meows", cat: "barks" },
      { dog: "barks" },
    ]);
    expect(b.n).toBe(4);
    expect(b.parts[0]).toEqual({
      part: "dog",
      label: "dog",
      expected: "barks",
      right: 3,
      blank: 0,
      answers: [
        { answer: "barks", count: 3, right: true },
        { answer: "meows", count: 1, right: false },
      ],
    });
    expect(b.parts[1]).toMatchObject({ right: 2, blank: 1 });
    expect(b.parts[1]!.answers.map((a) => [a.answer, a.count])).toEqual([
      ["meows", 2],
      ["barks", 1],
    ]);
  });

  it("orders equally frequent answers alphabetically and treats empty text as blank", () => {
    const b = partBreakdown(
      "positions",
      [{ part: "1", label: "Position 1", expected: "I" }],
      [{ "1": "went" }, { "1": "I" }, { "1": "" }, { "1": null }],
    );
    expect(b.parts[0]!.answers.map((a) => a.answer)).toEqual(["I", "went"]);
    expect(b.parts[0]).toMatchObject({ right: 1, blank: 2 });
  });

  it("answers no parts for no parts and zero counts for no responses", () => {
    expect(partBreakdown("words", [], [{ a: "x" }])).toEqual({ kind: "words", n: 1, parts: [] });
    expect(partBreakdown("pairs", parts, []).parts.map((p) => [p.right, p.blank])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
