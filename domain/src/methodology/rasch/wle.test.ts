/**
 * Warm's WLE against a direct numerical solution of Warm's equation (a fine grid and bisection written out here,
 * independent of the safeguarded Newton in wle.ts), and parameter recovery on simulated data.
 */
import { describe, expect, it } from "vitest";
import { calibrateRasch } from "./calibrate.ts";
import { normal, seeded, simulate } from "./testing.ts";
import { warmAbility } from "./wle.ts";

/** Root of Σ(x − P) + J/(2I) by scanning for a sign change on a grid, then plain bisection. */
function directWarm(b: number[], right: number): number {
  const f = (t: number) => {
    let sum = right;
    let i = 0;
    let j = 0;
    for (const d of b) {
      const p = 1 / (1 + Math.exp(-(t - d)));
      sum -= p;
      i += p * (1 - p);
      j += p * (1 - p) * (1 - 2 * p);
    }
    return sum + j / (2 * i);
  };
  let lo = -20;
  for (let t = -20; t <= 20; t += 0.01) {
    if (f(t) <= 0) break;
    lo = t;
  }
  let hi = lo + 0.01;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe("Warm's weighted likelihood estimate", () => {
  const rand = seeded(7);
  const b = Array.from({ length: 15 }, () => 1.3 * normal(rand));

  it.each(Array.from({ length: 16 }, (_, r) => r))("matches the direct solution for %i of 15 right", (right) => {
    const ours = warmAbility(b, right)!;
    expect(ours.ability).toBeCloseTo(directWarm(b, right), 8);
    let info = 0;
    for (const d of b) {
      const p = 1 / (1 + Math.exp(d - ours.ability));
      info += p * (1 - p);
    }
    expect(ours.se).toBeCloseTo(1 / Math.sqrt(info), 10);
  });

  it("is finite for all-right and all-wrong students and increases with the score", () => {
    const all = Array.from({ length: 16 }, (_, r) => warmAbility(b, r)!.ability);
    for (const t of all) expect(Number.isFinite(t)).toBe(true);
    for (let r = 1; r < all.length; r++) expect(all[r]!).toBeGreaterThan(all[r - 1]!);
  });

  it("gives nothing for a student who answered no item", () => {
    expect(warmAbility([], 0)).toBeNull();
  });
});

describe("parameter recovery", () => {
  // A ±2 SE interval covers the truth 95.4 % of the time, so one small test would miss the 95 % mark by chance
  // about as often as not: the coverage is pooled over five independent simulations of 80 items (400 intervals).
  it("puts the true difficulties within 2 standard errors for at least 95 % of items, on incomplete designs", () => {
    let inside = 0;
    let total = 0;
    for (let rep = 0; rep < 5; rep++) {
      const rand = seeded(1000 + rep);
      const items = 80;
      const truth = Array.from({ length: items }, () => normal(rand));
      const mean = truth.reduce((a, x) => a + x, 0) / items;
      const centred = truth.map((x) => x - mean); // the estimates are normalized to sum 0, so compare centred
      const abilities = Array.from({ length: 800 }, () => normal(rand) * 1.2);
      // Each student answered two of four overlapping blocks of 20 items.
      const data = simulate(rand, abilities, truth, (s, i) => {
        const first = s % 4;
        const block = Math.floor(i / 20);
        return block === first || block === (first + 1) % 4;
      });
      const fit = calibrateRasch(data, items);
      expect(fit.converged).toBe(true);
      fit.items.forEach((it, i) => {
        total++;
        if (Math.abs(it.difficulty! - centred[i]!) <= 2 * it.se!) inside++;
      });
      // Abilities: WLE tracks the true values, and fit mean squares sit near 1 for data that fit the model.
      expect(
        correlation(
          fit.students.map((s) => s.ability!),
          abilities,
        ),
      ).toBeGreaterThan(0.85);
      for (const it of fit.items) {
        expect(it.infit!).toBeGreaterThan(0.75);
        expect(it.infit!).toBeLessThan(1.25);
      }
    }
    console.info(`parameter recovery: ${inside} of ${total} true difficulties within 2 SE`);
    expect(inside / total).toBeGreaterThanOrEqual(0.95);
  });
});

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
