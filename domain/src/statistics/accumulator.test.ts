import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addAttempt, createAccumulator, figuresFromAccumulator, removeAttempt, type ScoreMap } from "./accumulator.ts";
import { analyzeAttempts } from "./analysis.ts";
import type { AttemptScores, ItemAnalysis, ItemFigures, StatsItem } from "./types.ts";

const TOL = 1e-9;

/** Relative closeness with a floor of 1 so that figures whose true value is 0 compare absolutely. */
function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A flag may differ only when its figure sits on the threshold within the tolerance (0.95 vs 0.9499999…). */
function flagsAgree(a: ItemFigures, b: ItemFigures): boolean {
  const near = (v: number | null, t: number) => v !== null && Math.abs(v - t) <= TOL;
  const fuzzy = new Set<string>();
  if (near(a.facility, 0.95)) fuzzy.add("too_easy");
  if (near(a.facility, 0.05)) fuzzy.add("too_hard");
  if (near(a.discriminationIndex, 0.3)) fuzzy.add("low_discrimination");
  if (near(a.discriminationIndex, 0)) fuzzy.add("negative_discrimination");
  const strip = (f: ItemFigures) => f.flags.filter((x) => !fuzzy.has(x)).join();
  return strip(a) === strip(b);
}

const TEST_KEYS = [
  "n",
  "mean",
  "sd",
  "skewness",
  "kurtosis",
  "cic",
  "errorRatio",
  "standardError",
  "maxScore",
] as const;
const ITEM_KEYS = [
  "n",
  "facility",
  "sd",
  "randomGuessScore",
  "intendedWeight",
  "effectiveWeight",
  "discriminationIndex",
] as const;

function expectSameFigures(live: ItemAnalysis, full: ItemAnalysis): void {
  const diffs: string[] = [];
  for (const k of TEST_KEYS)
    if (!close(live.test[k], full.test[k])) diffs.push(`test.${k}: ${live.test[k]} vs ${full.test[k]}`);
  if (live.test.median !== null) diffs.push("test.median should be null from sums");
  live.items.forEach((li, i) => {
    const fi = full.items[i]!;
    for (const k of ITEM_KEYS) if (!close(li[k], fi[k])) diffs.push(`${li.item}.${k}: ${li[k]} vs ${fi[k]}`);
    if (li.discriminativeEfficiency !== null) diffs.push(`${li.item}.discriminativeEfficiency should be null`);
    if (!flagsAgree(li, fi)) diffs.push(`${li.item}.flags: ${li.flags} vs ${fi.flags}`);
  });
  expect(diffs).toEqual([]);
}

type Op = { kind: "add" | "regrade" | "remove"; pick: number; scores: (number | undefined)[] };

const scenario = fc
  .record({
    maxes: fc.array(fc.constantFrom(1, 2, 4, 10), { minLength: 1, maxLength: 5 }),
    // Quarters are exact in binary; thirds and tenths exercise rounding.
    denominator: fc.constantFrom(4, 3, 10),
  })
  .chain(({ maxes, denominator }) =>
    fc.record({
      maxes: fc.constant(maxes),
      ops: fc.array(
        fc.record({
          kind: fc.constantFrom<Op["kind"]>("add", "add", "regrade", "remove"),
          pick: fc.nat(),
          scores: fc.tuple(
            ...maxes.map((m) =>
              fc.option(
                fc.integer({ min: 0, max: m * denominator }).map((q) => q / denominator),
                { nil: undefined, freq: 6 },
              ),
            ),
          ),
        }),
        { maxLength: 60 },
      ),
    }),
  );

function toMap(ids: string[], scores: (number | undefined)[]): ScoreMap {
  const out: Record<string, number | undefined> = {};
  ids.forEach((id, i) => {
    if (scores[i] !== undefined) out[id] = scores[i];
  });
  return out;
}

describe("StatsAccumulator", () => {
  it("after random adds, re-grades and removals equals a full recompute (property)", () => {
    fc.assert(
      fc.property(scenario, ({ maxes, ops }) => {
        const items: StatsItem[] = maxes.map((m, i) => ({ id: `q${i}`, maxScore: m }));
        const ids = items.map((it) => it.id);
        let acc = createAccumulator(ids);
        let live: AttemptScores[] = [];
        let seq = 0;
        for (const op of ops) {
          const scores = toMap(ids, op.scores);
          if (op.kind === "add" || live.length === 0) {
            acc = addAttempt(acc, scores);
            live.push({ id: `a${seq}`, student: `s${seq++}`, scores });
          } else {
            const k = op.pick % live.length;
            const old = live[k]!;
            acc = removeAttempt(acc, old.scores);
            if (op.kind === "regrade") {
              acc = addAttempt(acc, scores);
              live[k] = { ...old, scores };
            } else live = live.filter((_, j) => j !== k);
          }
          // It must survive storage as JSON at every step.
          acc = JSON.parse(JSON.stringify(acc));
        }
        expectSameFigures(figuresFromAccumulator(acc, items), analyzeAttempts(live, items, { attempts: "all" }));
      }),
      { numRuns: 400 },
    );
  });

  it("keeps 1e-9 agreement over a long run (5,000 attempts, 3,000 re-grades, scores in thirds)", () => {
    // A small linear congruential generator: deterministic, no dependency.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const items: StatsItem[] = [1, 2, 3, 5, 10].map((m, i) => ({ id: `q${i}`, maxScore: m }));
    // Scores correlate with a per-student ability so that the figures are not all near 0.
    const draw = (ability: number): ScoreMap =>
      Object.fromEntries(
        items.map((it) => [it.id, Math.round(Math.min(1, ability + rand() * 0.4) * it.maxScore * 3) / 3]),
      );
    let acc = createAccumulator();
    const live: AttemptScores[] = [];
    for (let k = 0; k < 5000; k++) {
      const scores = draw(rand() * 0.8);
      acc = addAttempt(acc, scores);
      live.push({ id: `${k}`, student: `${k}`, scores });
    }
    for (let r = 0; r < 3000; r++) {
      const k = Math.floor(rand() * live.length);
      const scores = draw(rand() * 0.8);
      acc = addAttempt(removeAttempt(acc, live[k]!.scores), scores);
      live[k] = { ...live[k]!, scores };
    }
    expectSameFigures(figuresFromAccumulator(acc, items), analyzeAttempts(live, items, { attempts: "all" }));
  });

  it("matches the hand-computed fixture D1 except median and efficiency", () => {
    const items: StatsItem[] = [
      { id: "a", maxScore: 1 },
      { id: "b", maxScore: 1 },
      { id: "c", maxScore: 2 },
    ];
    let acc = createAccumulator();
    for (const s of [
      { a: 1, b: 0, c: 2 },
      { a: 1, b: 1, c: 1 },
      { a: 0, b: 1, c: 0 },
      { a: 1, b: 1, c: 2 },
    ])
      acc = addAttempt(acc, s);
    const r = figuresFromAccumulator(acc, items);
    expect(r.test.median).toBeNull();
    expect(r.test.cic).toBeCloseTo(3 / 19, 12);
    expect(r.test.kurtosis).toBeCloseTo(804 / 361, 12);
    expect(r.items[1]!.discriminationIndex).toBeCloseTo(-0.471405, 6);
    expect(r.items[1]!.effectiveWeight).toBeNull();
    expect(r.items.map((f) => f.discriminativeEfficiency)).toEqual([null, null, null]);
  });

  it("does not change its argument and refuses impossible removals", () => {
    const empty = createAccumulator(["a"]);
    const one = addAttempt(empty, { a: 1 });
    expect(empty.S).toBe(0);
    expect(one.S).toBe(1);
    expect(() => removeAttempt(empty, { a: 1 })).toThrow(/empty/);
    expect(() => removeAttempt(one, { b: 1 })).toThrow(/never added/);
  });

  it("learns items it was not created with", () => {
    const acc = addAttempt(addAttempt(createAccumulator(), { x: 1 }), { x: 0, y: 2 });
    expect(acc.items).toEqual(["x", "y"]);
    const r = figuresFromAccumulator(acc, [
      { id: "x", maxScore: 1 },
      { id: "y", maxScore: 2 },
      { id: "z", maxScore: 1 },
    ]);
    expect(r.items.map((f) => f.n)).toEqual([2, 1, 0]);
    expect(r.items[1]!.facility).toBe(1);
  });
});
