import { describe, expect, it } from "vitest";
import { parseExercise } from "../content/schema.ts";
import { type ChoiceAnswer, optionDistribution, responseGroups, type TypedResponse } from "./distribution.ts";
import { randomGuessScore, toStatsItem } from "./guess.ts";

describe("optionDistribution", () => {
  /*
   * 10 attempts, totals 1..10 (given out of order) → group size round(0.27·10) = 3:
   * bottom = totals 1 2 3, top = totals 8 9 10.
   *   a: totals 4 6 8 9 10 → 5/10; top 3/3; bottom 0/3      b: 1 2 7 → 3/10; top 0; bottom 2/3
   *   c: 3 → 1/10; top 0; bottom 1/3                          d: never chosen
   *   z (not listed): 10 → 1/10; top 1/3                      blank: 5 → 1/10
   */
  const answers: ChoiceAnswer[] = [
    { total: 7, selected: ["b"] },
    { total: 1, selected: ["b"] },
    { total: 10, selected: ["a", "z"] },
    { total: 3, selected: ["c"] },
    { total: 4, selected: ["a"] },
    { total: 5, selected: [] },
    { total: 2, selected: ["b"] },
    { total: 6, selected: ["a"] },
    { total: 9, selected: ["a"] },
    { total: 8, selected: ["a", "a"] },
  ];
  const r = optionDistribution(answers, ["a", "b", "c", "d"]);

  it("shares overall and in the top and bottom 27 %", () => {
    expect(r.n).toBe(10);
    expect(r.groupSize).toBe(3);
    expect(r.options).toEqual([
      { option: "a", count: 5, share: 0.5, topShare: 1, bottomShare: 0 },
      { option: "b", count: 3, share: 0.3, topShare: 0, bottomShare: 2 / 3 },
      { option: "c", count: 1, share: 0.1, topShare: 0, bottomShare: 1 / 3 },
      { option: "d", count: 0, share: 0, topShare: 0, bottomShare: 0 },
      { option: "z", count: 1, share: 0.1, topShare: 1 / 3, bottomShare: 0 },
    ]);
    expect(r.blank).toEqual({ count: 1, share: 0.1, topShare: 0, bottomShare: 0 });
  });

  it("ties at the boundary are cut by input order; no attempts → null shares", () => {
    const tie = optionDistribution(
      ["a", "b", "c", "d"].map((o) => ({ total: 5, selected: [o] })),
      [],
    );
    expect(tie.groupSize).toBe(1);
    expect(tie.options.map((o) => [o.option, o.bottomShare, o.topShare])).toEqual([
      ["a", 1, 0],
      ["b", 0, 0],
      ["c", 0, 0],
      ["d", 0, 1],
    ]);
    expect(optionDistribution([], ["a"]).options[0]).toEqual({
      option: "a",
      count: 0,
      share: null,
      topShare: null,
      bottomShare: null,
    });
  });
});

describe("responseGroups", () => {
  const responses: TypedResponse[] = [
    { response: "goes", verdict: "correct" },
    { response: "go", verdict: "incorrect", categories: ["word_form"] },
    { response: "", verdict: "blank", categories: ["blank"] },
    { response: "goes", verdict: "correct" },
    { response: "gos", verdict: "accepted_with_typo", categories: ["spelling"] },
    { response: "go", verdict: "incorrect", categories: ["word_form", "wrong_word"] },
    { response: "goes", verdict: "incorrect" },
    { response: "", verdict: "blank", categories: ["blank"] },
  ];

  it("groups, counts and orders by frequency, then text", () => {
    expect(responseGroups(responses)).toEqual([
      { response: "goes", count: 3, share: 3 / 8, verdict: "correct", categories: [] },
      { response: "", count: 2, share: 2 / 8, verdict: "blank", categories: ["blank"] },
      { response: "go", count: 2, share: 2 / 8, verdict: "incorrect", categories: ["word_form", "wrong_word"] },
      { response: "gos", count: 1, share: 1 / 8, verdict: "accepted_with_typo", categories: ["spelling"] },
    ]);
    expect(responseGroups(responses, { limit: 1 }).map((g) => g.response)).toEqual(["goes"]);
    expect(responseGroups([])).toEqual([]);
  });
});

describe("randomGuessScore", () => {
  const mc = (fractions: number[], multiple = false) => ({
    type: "multiple_choice",
    multiple,
    options: fractions.map((fraction) => ({ fraction })),
  });
  it("single-answer multiple choice: mean of fractions, each clamped at 0", () => {
    expect(randomGuessScore(mc([1, 0, 0, 0]))).toBe(0.25);
    // (1 + 0 + 0 + 0.5) / 4: the −0.5 option scores 0 because an item never scores below 0.
    expect(randomGuessScore(mc([1, -0.5, 0, 0.5]))).toBe(0.375);
    expect(randomGuessScore(mc([1, 0], true))).toBeNull();
  });
  it("true/false, short answer, others", () => {
    expect(randomGuessScore({ type: "true_false" })).toBe(0.5);
    const sa = (answers: { text: string; fraction: number }[]) => randomGuessScore({ type: "short_answer", answers });
    expect(sa([{ text: "cat", fraction: 1 }])).toBe(0);
    expect(
      sa([
        { text: "cat", fraction: 1 },
        { text: "*", fraction: 0.2 },
      ]),
    ).toBe(0.2);
    expect(
      sa([
        { text: " ** ", fraction: 0.3 },
        { text: "c*t", fraction: 1 },
      ]),
    ).toBe(0.3);
    expect(randomGuessScore({ type: "essay" })).toBeNull();
    expect(randomGuessScore(undefined)).toBeNull();
  });
  it("content items convert directly", () => {
    const ex = parseExercise({
      title: "t",
      items: [
        {
          type: "multiple_choice",
          prompt: "?",
          options: [
            { text: "x", fraction: 1 },
            { text: "y", fraction: 0 },
          ],
        },
        { type: "true_false", answer: true, points: 2 },
        { type: "description" },
      ],
    });
    const items = ex.items.map(toStatsItem);
    expect(items.map((i) => [i.id, i.maxScore, randomGuessScore(i.meta)])).toEqual([
      ["q1", 1, 0.5],
      ["q2", 2, 0.5],
      ["q3", 0, null],
    ]);
  });
});
