import { describe, expect, it } from "vitest";
import { analyzeAttempts, computeItemStats } from "./analysis.ts";
import type { AttemptScores, ItemFigures, StatsItem } from "./types.ts";

const items: StatsItem[] = [
  { id: "a", maxScore: 1 },
  { id: "b", maxScore: 1 },
  { id: "c", maxScore: 2 },
];

/*
 * Fixture D1: 4 attempts × 3 items, m = (1, 1, 2), Σm = 4.
 *        a  b  c | T   R_a R_b R_c
 *   s1   1  0  2 | 3    2   3   1
 *   s2   1  1  1 | 3    2   2   2
 *   s3   0  1  0 | 1    1   0   1
 *   s4   1  1  2 | 4    3   3   2
 * T: mean 11/4 = 2.75, deviations .25 .25 −1.75 1.25; Σd² = 4.75 → var T = k2 = 4.75/3 = 19/12, sd = √(19/12) = 1.258306.
 * sorted T 1 3 3 4 → median (3+3)/2 = 3.
 * Σd³ = .015625·2 − 5.359375 + 1.953125 = −3.375 → m3 = −.84375, k3 = 16·m3/(3·2) = −2.25,
 *   skewness = −2.25 / (19/12)^1.5 = −2.25 / 1.992318 = −1.129338.
 * Σd⁴ = .00390625·2 + 9.37890625 + 2.44140625 = 11.828125 → m4 = 2.95703125, m2 = 1.1875,
 *   k4 = 16·(5·2.95703125 − 9·1.1875²)/(3·2·1) = 16·2.09375/6 = 67/12, kurtosis = (67/12)/(19/12)² = 804/361 = 2.227147.
 * a: mean .75 → facility .75; dev .25 .25 −.75 .25, Σ² = .75 → var .25, sd .5.
 *    cov(a,T) = (.0625+.0625+1.3125+.3125)/3 = 1.75/3 = .583333; cov(a,R) = .583333 − .25 = 1/3;
 *    var R_a = 2/3 (R_a = 2 2 1 3) → index = (1/3)/√(.25·2/3) = .816497.
 *    sorted a 0 1 1 1 vs sorted R 1 2 2 3: cov = (.75+0+0+.25)/3 = 1/3 → efficiency (1/3)/(1/3) = 1.
 * b: facility .75, var .25, sd .5; cov(b,T) = (−.1875+.0625−.4375+.3125)/3 = −1/12 < 0 → effectiveWeight null;
 *    cov(b,R) = −1/12 − 1/4 = −1/3; var R_b = 2 (R_b = 3 2 0 3) → index = −(1/3)/√(.5) = −.471405 (low + negative).
 *    sorted b 0 1 1 1 vs sorted R 0 2 3 3: cov = (1.5+0+.25+.25)/3 = 2/3 → efficiency −(1/3)/(2/3) = −.5.
 * c: mean 1.25 → facility .625; dev .75 −.25 −1.25 .75, Σ² = 2.75 → var 11/12, sd √(11/12)/2 = .478714.
 *    cov(c,T) = (.1875−.0625+2.1875+.9375)/3 = 13/12; cov(c,R) = 13/12 − 11/12 = 1/6; var R_c = 1/3 (1 2 1 2)
 *    → index = (1/6)/√(11/12·1/3) = .301511 (just above 0.3: no flag).
 *    sorted c 0 1 2 2 vs sorted R 1 1 2 2: cov = (.625+.125+.375+.375)/3 = .5 → efficiency (1/6)/.5 = 1/3.
 * effectiveWeight: √(7/12) = .763763, √(13/12) = 1.040833 → a .423232, c .576768.
 * intendedWeight: 1/4, 1/4, 2/4.
 * cic = 3/2 · (1 − (1/4 + 1/4 + 11/12)/(19/12)) = 3/2 · (1 − 17/19) = 3/19 = .157895;
 * errorRatio = √(16/19) = .917663; standardError = √(16/19 · 19/12) = √(4/3) = 1.154701.
 */
const d1: AttemptScores[] = [
  { id: "1", student: "s1", scores: { a: 1, b: 0, c: 2 } },
  { id: "2", student: "s2", scores: { a: 1, b: 1, c: 1 } },
  { id: "3", student: "s3", scores: { a: 0, b: 1, c: 0 } },
  { id: "4", student: "s4", scores: { a: 1, b: 1, c: 2 } },
];

const byId = (figs: ItemFigures[], id: string) => figs.find((f) => f.item === id)!;

describe("computeItemStats on hand-computed fixture D1", () => {
  const r = analyzeAttempts(d1, items);

  it("test figures", () => {
    const t = r.test;
    expect(t.n).toBe(4);
    expect(t.mean).toBeCloseTo(2.75, 12);
    expect(t.median).toBe(3);
    expect(t.sd).toBeCloseTo(Math.sqrt(19 / 12), 12);
    expect(t.skewness).toBeCloseTo(-1.129338, 6);
    expect(t.kurtosis).toBeCloseTo(804 / 361, 12);
    expect(t.cic).toBeCloseTo(3 / 19, 12);
    expect(t.errorRatio).toBeCloseTo(Math.sqrt(16 / 19), 12);
    expect(t.standardError).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(t.maxScore).toBe(4);
  });

  it("item figures", () => {
    const a = byId(r.items, "a");
    expect(a).toMatchObject({ n: 4, facility: 0.75, randomGuessScore: null, intendedWeight: 0.25, flags: [] });
    expect(a.sd).toBeCloseTo(0.5, 12);
    expect(a.discriminationIndex).toBeCloseTo(0.816497, 6);
    expect(a.discriminativeEfficiency).toBeCloseTo(1, 12);
    expect(a.effectiveWeight).toBeCloseTo(0.423232, 6);

    const b = byId(r.items, "b");
    expect(b.effectiveWeight).toBeNull();
    expect(b.discriminationIndex).toBeCloseTo(-0.471405, 6);
    expect(b.discriminativeEfficiency).toBeCloseTo(-0.5, 12);
    expect(b.flags).toEqual(["low_discrimination", "negative_discrimination"]);

    const c = byId(r.items, "c");
    expect(c.facility).toBeCloseTo(0.625, 12);
    expect(c.sd).toBeCloseTo(Math.sqrt(11 / 12) / 2, 12);
    expect(c.intendedWeight).toBe(0.5);
    expect(c.discriminationIndex).toBeCloseTo(0.301511, 6);
    expect(c.discriminativeEfficiency).toBeCloseTo(1 / 3, 12);
    expect(c.effectiveWeight).toBeCloseTo(0.576768, 6);
    expect(c.flags).toEqual([]);
  });

  it("the matrix form gives the same output as the row form", () => {
    const scores = Float64Array.from([1, 0, 2, 1, 1, 1, 0, 1, 0, 1, 1, 2]);
    expect(computeItemStats({ items, scores })).toEqual(r);
  });

  it("never emits NaN or Infinity", () => {
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/NaN|Infinity/);
  });
});

describe("undefined cases", () => {
  it("no attempts: everything null", () => {
    const r = analyzeAttempts([], items);
    expect(r.test).toMatchObject({ n: 0, mean: null, median: null, sd: null, skewness: null, cic: null });
    expect(r.items[0]).toMatchObject({
      n: 0,
      facility: null,
      sd: null,
      discriminationIndex: null,
      intendedWeight: 0.25,
    });
  });

  it("one attempt: only means and the median", () => {
    const r = analyzeAttempts(d1.slice(0, 1), items);
    expect(r.test).toMatchObject({ n: 1, mean: 3, median: 3, sd: null, skewness: null, kurtosis: null, cic: null });
    expect(r.test.errorRatio).toBeNull();
    expect(r.test.standardError).toBeNull();
    expect(r.items[2]).toMatchObject({ n: 1, facility: 1, sd: null, effectiveWeight: null, discriminationIndex: null });
    expect(r.items[2]!.discriminativeEfficiency).toBeNull();
    expect(r.items[2]!.flags).toEqual(["too_easy"]);
  });

  it("two attempts: sd but no skewness; three: skewness but no kurtosis", () => {
    // T = 3, 3 → sd 0; the rest is undefined because k2 = 0.
    const two = analyzeAttempts(d1.slice(0, 2), items);
    expect(two.test).toMatchObject({ n: 2, sd: 0, skewness: null, kurtosis: null, cic: null });
    // T = 3, 3, 1: mean 7/3, d = 2/3 2/3 −4/3, m2 = (4/9+4/9+16/9)/3 = 8/9, m3 = (8/27+8/27−64/27)/3 = −16/27,
    // k2 = 3·(8/9)/2 = 4/3, k3 = 9·(−16/27)/(2·1) = −8/3 → skewness = −(8/3)/(4/3)^1.5 = −1.732051 (−√3).
    const three = analyzeAttempts(d1.slice(0, 3), items);
    expect(three.test.skewness).toBeCloseTo(-Math.sqrt(3), 12);
    expect(three.test.kurtosis).toBeNull();
  });

  it("zero variance: an item everyone got right has sd 0, no index, no efficiency, and is too easy", () => {
    // a = 1 1 1; b = 0 1 0 → T = 1 2 1.
    const r = analyzeAttempts(
      [
        { id: "1", student: "s1", scores: { a: 1, b: 0 } },
        { id: "2", student: "s2", scores: { a: 1, b: 1 } },
        { id: "3", student: "s3", scores: { a: 1, b: 0 } },
      ],
      items.slice(0, 2),
    );
    const a = r.items[0]!;
    expect(a).toMatchObject({ facility: 1, sd: 0, discriminationIndex: null, discriminativeEfficiency: null });
    expect(a.flags).toEqual(["too_easy"]);
    // cov(a, T) = 0 → √0 / (√0 + √cov(b,T)); cov(b,T) = var b = 1/3 → b takes the whole weight.
    expect(a.effectiveWeight).toBe(0);
    expect(r.items[1]!.effectiveWeight).toBe(1);
    // R_b = a = constant → var R_b = 0 → index undefined.
    expect(r.items[1]!.discriminationIndex).toBeNull();
    // cic = 2 · (1 − (0 + 1/3)/(1/3)) = 0 → errorRatio 1.
    expect(r.test.cic).toBeCloseTo(0, 12);
    expect(r.test.errorRatio).toBeCloseTo(1, 12);
  });

  it("scores of 0.1 repeated do not leave rounding noise as variance", () => {
    const r = analyzeAttempts(
      [0, 1, 2, 3, 4, 5, 6].map((k) => ({ id: `${k}`, student: `s${k}`, scores: { a: 0.1, b: k % 2 } })),
      items.slice(0, 2),
    );
    expect(r.items[0]).toMatchObject({ sd: 0, discriminationIndex: null, effectiveWeight: 0 });
  });

  it("an item whose maximum is 0 has effective and intended weight 0, and changes no other figure", () => {
    // D1 with a 0-point item z (a description-like question everyone "answered"): T is unchanged, so a and c keep
    // D1's hand-computed weights (.423232, .576768) and b stays null (negative covariance).
    const withZero = [...items, { id: "z", maxScore: 0 }];
    const r = analyzeAttempts(
      d1.map((a) => ({ ...a, scores: { ...a.scores, z: 0 } })),
      withZero,
    );
    expect(byId(r.items, "z")).toMatchObject({ effectiveWeight: 0, intendedWeight: 0, facility: null });
    expect(byId(r.items, "a").effectiveWeight).toBeCloseTo(0.423232, 6);
    expect(byId(r.items, "c").effectiveWeight).toBeCloseTo(0.576768, 6);
    expect(byId(r.items, "b").effectiveWeight).toBeNull();
    expect(r.test.mean).toBe(2.75);
  });

  it("an item missing from an attempt is left out of that item's n, not scored 0", () => {
    // c only in attempts 1 and 2 (scores 2 and 1): n 2, facility 3/4; T still sums what each attempt had.
    const r = analyzeAttempts(
      [
        { id: "1", student: "s1", scores: { a: 1, b: 0, c: 2 } },
        { id: "2", student: "s2", scores: { a: 1, b: 1, c: 1 } },
        { id: "3", student: "s3", scores: { a: 0, b: 1 } },
        { id: "4", student: "s4", scores: { a: 1, b: 1, c: null } },
      ],
      items,
    );
    expect(r.items[2]).toMatchObject({ n: 2, facility: 0.75 });
    expect(r.items[0]!.n).toBe(4);
    expect(r.test.mean).toBe((3 + 3 + 1 + 2) / 4);
  });

  it("random guess flag", () => {
    const tf: StatsItem = { id: "tf", maxScore: 1, meta: { type: "true_false" } };
    const r = analyzeAttempts([{ id: "1", student: "s", scores: { tf: 0.5 } }], [tf]);
    expect(r.items[0]!.randomGuessScore).toBe(0.5);
    expect(r.items[0]!.flags).toEqual(["random_guess_high"]);
  });
});

describe("attempt policies", () => {
  /*
   * Student X: attempt x1 (Jan 3) T=1, x2 (Jan 1) T=0, x3 (Jan 2) T=2. Student Y: y1 (Jan 1) T=2, y2 (Jan 5) T=1.
   * first: x2 + y1 → mean (0+2)/2 = 1;  last: x1 + y2 → 1, median 1 but items differ;
   * best: x3 + y1 → 2;  all: (1+0+2+2+1)/5 = 1.2.
   */
  const two: StatsItem[] = items.slice(0, 2);
  const rows: AttemptScores[] = [
    { id: "x1", student: "X", submittedAt: "2024-01-03T10:00:00Z", scores: { a: 1, b: 0 } },
    { id: "x2", student: "X", submittedAt: "2024-01-01T10:00:00Z", scores: { a: 0, b: 0 } },
    { id: "x3", student: "X", submittedAt: "2024-01-02T10:00:00Z", scores: { a: 1, b: 1 } },
    { id: "y1", student: "Y", submittedAt: new Date("2024-01-01T09:00:00Z"), scores: { a: 1, b: 1 } },
    { id: "y2", student: "Y", submittedAt: Date.parse("2024-01-05T00:00:00Z"), scores: { a: 0, b: 1 } },
  ];

  it("first is the default and follows submittedAt, not input order", () => {
    const r = analyzeAttempts(rows, two);
    expect(r.test).toMatchObject({ n: 2, mean: 1 });
    expect(r.items.map((f) => f.facility)).toEqual([0.5, 0.5]);
  });
  it("last", () => {
    const r = analyzeAttempts(rows, two, { attempts: "last" });
    expect(r.test).toMatchObject({ n: 2, mean: 1 });
    // x1 (a=1, b=0) and y2 (a=0, b=1)
    expect(r.items.map((f) => f.facility)).toEqual([0.5, 0.5]);
    expect(r.items[0]!.discriminationIndex).toBeCloseTo(-1, 12);
  });
  it("best", () => {
    expect(analyzeAttempts(rows, two, { attempts: "best" }).test).toMatchObject({ n: 2, mean: 2 });
  });
  it("all", () => {
    expect(analyzeAttempts(rows, two, { attempts: "all" }).test).toMatchObject({ n: 5, mean: 1.2, median: 1 });
  });
  it("best breaks ties by the earlier attempt", () => {
    const tie: AttemptScores[] = [
      { id: "late", student: "X", submittedAt: 20, scores: { a: 1, b: 0 } },
      { id: "early", student: "X", submittedAt: 10, scores: { a: 0, b: 1 } },
    ];
    expect(analyzeAttempts(tie, two, { attempts: "best" }).items[1]!.facility).toBe(1);
  });
  it("the matrix form needs students for a policy", () => {
    expect(() => computeItemStats({ items: two, scores: new Float64Array(4), attempts: "first" })).toThrow(/students/);
  });
});
