/**
 * Item difficulties and their standard errors against eRm::RM (R, the reference CML implementation): −betapar to
 * 1e-4 and se.beta to 1e-3, on the LSAT-6 and LSAT-7 data, random complete and incomplete designs, and data with
 * extreme items and students.
 */
import { describe, expect, it } from "vitest";
import { calibrateRasch, type RaschResponse } from "./calibrate.ts";
import {
  ermRasch,
  expandPatterns,
  hasRscriptWithErm,
  LSAT6_FREQUENCIES,
  LSAT7_FREQUENCIES,
  normal,
  seeded,
  simulate,
} from "./testing.ts";

const haveR = hasRscriptWithErm();
if (!haveR) {
  if (process.env.REQUIRE_SERVICES === "1") throw new Error("REQUIRE_SERVICES=1 but Rscript with eRm is missing");
  console.warn("skipping the eRm comparisons: Rscript with the eRm package is not installed");
}

interface Dataset {
  name: string;
  data: RaschResponse[][];
  items: number;
  /** What eRm gets: the same matrix, less the columns built to be extreme (eRm stops on those). */
  forR?: RaschResponse[][];
}

function datasets(): Dataset[] {
  const rand = seeded(18);
  const complete = simulate(
    rand,
    Array.from({ length: 300 }, () => normal(rand)),
    Array.from({ length: 12 }, () => 1.2 * normal(rand)),
  );
  // Three booklets linked by six common items; one student in five also skipped one of items 0–3. eRm's time
  // grows with the number of distinct patterns of blanks, so they stay few (15 here).
  const booklet = (s: number, i: number) => {
    const b = s % 3;
    const skipped = s % 5 === 0 ? (s / 5) % 4 : -1;
    return i !== skipped && (i < 6 || (i >= 6 + 6 * b && i < 12 + 6 * b));
  };
  const incomplete = simulate(
    rand,
    Array.from({ length: 450 }, () => normal(rand) + 0.3),
    Array.from({ length: 24 }, () => normal(rand)),
    booklet,
  );
  // Extreme items (one all right, one all wrong) and extreme students (all right, all wrong).
  const extreme = simulate(
    rand,
    Array.from({ length: 200 }, () => normal(rand)),
    Array.from({ length: 10 }, () => normal(rand)),
    (s, i) => s % 7 !== 3 || i !== s % 10,
  ).map((row) => [...row, 1, 0] as RaschResponse[]);
  // Rows 0, 2, 4 all wrong and 1, 3, 5 all right: item 10 is then wrong only for students who got everything
  // wrong, which still leaves it without information (it is extreme once those students are set aside).
  for (let s = 0; s < 6; s++) extreme[s] = extreme[s]!.map((x) => (x == null ? null : s % 2 ? 1 : 0));
  return [
    { name: "LSAT-6", data: expandPatterns(LSAT6_FREQUENCIES, 5), items: 5 },
    { name: "LSAT-7", data: expandPatterns(LSAT7_FREQUENCIES, 5), items: 5 },
    { name: "random complete 300×12", data: complete, items: 12 },
    { name: "random incomplete 450×24", data: incomplete, items: 24 },
    {
      name: "extreme items and students 200×12",
      data: extreme,
      items: 12,
      forR: extreme.map((row) => row.slice(0, 10)),
    },
  ];
}

describe.skipIf(!haveR)("Rasch CML against eRm::RM", () => {
  const sets = datasets();
  const reference = haveR ? ermRasch(sets.map((s) => s.forR ?? s.data)) : [];
  let worstB = 0;
  let worstSe = 0;

  it.each(sets.map((s, k) => [s.name, k] as const))("%s", (_name, k) => {
    const { data, items } = sets[k]!;
    const ours = calibrateRasch(data, items);
    const ref = reference[k]!;
    expect(ours.converged).toBe(true);
    const estimated = ours.items.flatMap((it, i) => (it.difficulty === null ? [] : [i]));
    expect(estimated.sort((a, b) => a - b)).toEqual(
      Object.keys(ref.difficulty)
        .map(Number)
        .sort((a, b) => a - b),
    );
    for (const i of estimated) {
      const db = Math.abs(ours.items[i]!.difficulty! - ref.difficulty[i]!);
      const dse = Math.abs(ours.items[i]!.se! - ref.se[i]!);
      worstB = Math.max(worstB, db);
      worstSe = Math.max(worstSe, dse);
      expect(db, `difficulty of item ${i}`).toBeLessThan(1e-4);
      expect(dse, `se of item ${i}`).toBeLessThan(1e-3);
    }
    console.info(
      `${sets[k]!.name}: largest difference from eRm ${worstB.toExponential(2)} (b), ${worstSe.toExponential(2)} (se) so far`,
    );
  });

  it("reports the extreme items and students instead of estimating them", () => {
    const { data, items } = sets[4]!;
    const ours = calibrateRasch(data, items);
    expect(ours.items[10]).toMatchObject({ extreme: true, difficulty: null });
    expect(ours.items[11]).toMatchObject({ extreme: true, difficulty: null });
    for (let s = 0; s < 6; s++) {
      expect(ours.students[s]!.extreme).toBe(true);
      // WLE is finite for all-right and all-wrong students, beyond every estimated item on its side.
      expect(Number.isFinite(ours.students[s]!.ability!)).toBe(true);
    }
    expect(ours.students[1]!.ability!).toBeGreaterThan(Math.max(...ours.items.flatMap((i) => i.difficulty ?? [])));
    expect(ours.students[0]!.ability!).toBeLessThan(Math.min(...ours.items.flatMap((i) => i.difficulty ?? [])));
    console.info(`largest difference from eRm: difficulty ${worstB.toExponential(2)}, se ${worstSe.toExponential(2)}`);
  });
});
