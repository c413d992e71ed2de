import { describe, expect, it } from "vitest";
import { type ReteachAnswer, reteachList } from "./reteach.ts";

const DAY = 86_400_000;
const now = Date.parse("2026-03-16T12:00:00Z");
const item = { exerciseId: "e1", version: 1, item: "q1" };
const answer = (student: string, daysAgo: number, categories: string[], skill = "grammar"): ReteachAnswer => ({
  student,
  studentName: student.toUpperCase(),
  at: now - daysAgo * DAY,
  skill,
  categories,
  text: categories.length ? `${student} wrote` : null,
  item,
});

describe("what to reteach", () => {
  it("ranks by how many students still make the mistake, weighting recent answers, with a trend", () => {
    const answers = [
      // verb_form: a, b, c this week (3 of 4 answers), only a the week before (1 of 4): rising.
      answer("a", 1, ["verb_form"]),
      answer("b", 2, ["verb_form"]),
      answer("c", 3, ["verb_form"]),
      answer("d", 3, []),
      answer("a", 9, ["verb_form"]),
      answer("b", 9, []),
      answer("c", 10, []),
      answer("d", 10, ["spelling"]),
    ];
    const list = reteachList(answers, now);
    expect(list.map((e) => e.category)).toEqual(["verb_form", "spelling"]);
    const v = list[0]!;
    expect(v.students).toEqual({ count: 3, names: ["A", "B", "C"] });
    expect(v.trend).toBe("rising");
    const w = (d: number) => 0.5 ** (d / 14);
    const total = [1, 2, 3, 3, 9, 9, 10, 10].reduce((s, d) => s + w(d), 0);
    expect(v.share).toBeCloseTo((w(1) + w(2) + w(3) + w(9)) / total, 12);
    expect(v.examples.length).toBeLessThanOrEqual(3);
    expect(v.items).toEqual([item]);
  });

  it("drops a mistake nobody makes in their last three answers any more", () => {
    const answers = [answer("a", 20, ["article"]), answer("a", 3, []), answer("a", 2, []), answer("a", 1, [])];
    expect(reteachList(answers, now)).toEqual([]);
  });
});
