import { type ExperimentParticipant, experimentResults, welchTTest } from "@languagecloud/domain";
import { describe, expect, it } from "vitest";
import { comparisonVerdict, dataVerdict, type ExperimentResultsDto, isClearDifference, points } from "./verdict.ts";

const names = new Map([
  ["a", "Rule first"],
  ["b", "Examples first"],
]);
const name = (id: string) => names.get(id) ?? id;

/** Results of the domain's own computation on scores given per variant, as the API would answer them. */
function resultsOf(a: number[], b: number[]): ExperimentResultsDto {
  const participants: ExperimentParticipant[] = [
    ...a.map((y) => ({ variantId: "a", classId: "c", outcome: y, pretest: null, inClass: true })),
    ...b.map((y) => ({ variantId: "b", classId: "c", outcome: y, pretest: null, inClass: true })),
  ];
  return {
    status: "closed",
    ...experimentResults({
      unit: "student",
      variants: [
        { id: "a", name: "Rule first" },
        { id: "b", name: "Examples first" },
      ],
      participants,
      hasPretest: false,
      joinedAfterClose: 0,
    }),
  };
}

const spread = (centre: number, n: number) => Array.from({ length: n }, (_, i) => centre + ((i % 5) - 2) * 0.05);

describe("the verdict in words", () => {
  it("names the clear difference with its interval in points", () => {
    const r = resultsOf(spread(0.5, 20), spread(0.7, 20));
    const c = r.comparisons[0]!;
    const w = welchTTest(spread(0.7, 20), spread(0.5, 20))!;
    expect(isClearDifference(c)).toBe(true);
    expect(dataVerdict(r)).toBeNull();
    expect(comparisonVerdict(c, name)).toBe(
      `Students who had Examples first scored ${Math.round(w.estimate * 100)} points higher on the post-test than those who had Rule first (95 % interval ${points(w.low)} to ${points(w.high)} points). A difference this large is unlikely to be chance.`,
    );
  });

  it("says when the interval includes no difference, and a lower score as lower", () => {
    const r = resultsOf(spread(0.6, 12), [...spread(0.58, 11), 0.9]);
    const c = r.comparisons[0]!;
    expect(c.low! < 0 && c.high! > 0).toBe(true);
    expect(comparisonVerdict(c, name)).toMatch(/^No clear difference: .* may well be chance\.$/);
    const lower = resultsOf(spread(0.8, 20), spread(0.5, 20)).comparisons[0]!;
    expect(comparisonVerdict(lower, name)).toMatch(/scored 30 points lower .* \(95 % interval −\d+ to −\d+ points\)/);
  });

  it("says not enough data yet, with the count, below ten post-tests a variant", () => {
    const r = resultsOf(spread(0.5, 12), spread(0.7, 6));
    expect(dataVerdict(r)).toBe(
      "Not enough data yet: 6 of the 10 students per variant have done the post-test. The figures below are provisional.",
    );
    const none = resultsOf([0.5], [0.5, 0.5]).comparisons[0]!;
    expect(comparisonVerdict(none, name)).toMatch(/^No comparison of Examples first with Rule first yet/);
  });
});
