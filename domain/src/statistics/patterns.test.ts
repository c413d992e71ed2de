import { describe, expect, it } from "vitest";
import { type ErrorOccurrence, errorPatterns, errorPatternsOverTime, periodKey, progress } from "./patterns.ts";

describe("periodKey", () => {
  it("days, months and ISO weeks in UTC", () => {
    expect(periodKey("2024-03-05T23:30:00Z", "day")).toBe("2024-03-05");
    expect(periodKey("2024-03-05T23:30:00-02:00", "day")).toBe("2024-03-06");
    expect(periodKey(new Date("2024-03-05T00:00:00Z"), "month")).toBe("2024-03");
    expect(periodKey("2024-03-05", "week")).toBe("2024-W10");
    expect(periodKey("2024-12-30", "week")).toBe("2025-W01");
    expect(periodKey("2021-01-03", "week")).toBe("2020-W53");
    expect(periodKey("not a date", "day")).toBeNull();
  });
});

describe("errorPatterns", () => {
  const occ: ErrorOccurrence[] = [
    { category: "word_form", item: "q1", student: "s1", expected: "goes", actual: "go", at: "2024-03-04" },
    { category: "word_form", item: "q2", student: "s2", expected: "went", actual: "goed", at: "2024-03-05" },
    { category: "word_form", item: "q1", student: "s2", expected: "goes", actual: "go", at: "2024-03-12" },
    { category: "article", item: "q3", student: "s1", expected: "a", actual: "an", at: "2024-03-12" },
    { category: "blank", item: "q3", student: "s3" },
    { category: "article", item: "q3", student: "s1", expected: "the" },
  ];

  it("counts by category with items, students and the most frequent examples", () => {
    const r = errorPatterns(occ, { examples: 1 });
    expect(r.map((p) => [p.category, p.count, p.students])).toEqual([
      ["word_form", 3, 2],
      ["article", 2, 1],
      ["blank", 1, 1],
    ]);
    expect(r[0]!.share).toBe(0.5);
    expect(r[0]!.items).toEqual([
      { item: "q1", count: 2 },
      { item: "q2", count: 1 },
    ]);
    expect(r[0]!.examples).toEqual([{ expected: "goes", actual: "go", count: 2, item: "q1" }]);
    expect(errorPatterns(occ)[1]!.examples).toEqual([
      { expected: "a", actual: "an", count: 1, item: "q3" },
      { expected: "the", count: 1, item: "q3" },
    ]);
    expect(r[2]!.examples).toEqual([]);
  });

  it("over time, per ISO week", () => {
    expect(errorPatternsOverTime(occ, "week")).toEqual([
      { period: "2024-W10", counts: { word_form: 2 } },
      { period: "2024-W11", counts: { word_form: 1, article: 1 } },
    ]);
  });
});

describe("progress", () => {
  it("points-weighted share per skill, level and tag per month", () => {
    const r = progress(
      [
        { at: "2024-01-10", score: 1, maxScore: 1, skills: ["grammar"], level: "B1", tags: ["past"] },
        { at: "2024-01-20", score: 2, maxScore: 10, skills: ["grammar", "writing"], level: "A2" },
        { at: "2024-02-01", score: 3, maxScore: 4, skills: ["grammar"], level: "A2", tags: ["past", "past"] },
        { at: "bad", score: 1, maxScore: 1 },
      ],
      { period: "month" },
    );
    // January grammar: (1 + 2) / (1 + 10) = 3/11.
    expect(r.skills[0]).toEqual({
      key: "grammar",
      points: [
        { period: "2024-01", score: 3, maxScore: 11, share: 3 / 11, count: 2 },
        { period: "2024-02", score: 3, maxScore: 4, share: 0.75, count: 1 },
      ],
    });
    expect(r.skills.map((s) => s.key)).toEqual(["grammar", "writing"]);
    expect(r.levels.map((s) => s.key)).toEqual(["A2", "B1"]);
    expect(r.tags[0]!.points.map((p) => [p.period, p.count])).toEqual([
      ["2024-01", 1],
      ["2024-02", 1],
    ]);
    expect(r.overall.map((p) => p.share)).toEqual([3 / 11, 0.75]);
    expect(progress([{ at: 0, score: 0, maxScore: 0 }]).overall[0]!.share).toBeNull();
  });
});
