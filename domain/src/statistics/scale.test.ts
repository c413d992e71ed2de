import { describe, expect, it } from "vitest";
import { computeItemStats } from "./analysis.ts";
import type { StatsItem } from "./types.ts";

describe("full recompute at scale", () => {
  // Its speed is measured by bench/ (item_stats_full); this checks the figures at the size of a large school.
  it("analyzes 1,000,000 responses (50,000 attempts × 20 items) with every figure defined", () => {
    const S = 50_000;
    const P = 20;
    const items: StatsItem[] = Array.from({ length: P }, (_, i) => ({ id: `q${i}`, maxScore: 1 + (i % 3) }));
    const scores = new Float64Array(S * P);
    const students: string[] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let s = 0; s < S; s++) {
      const ability = rand();
      // 1 in 10 students has two attempts, so the `first` policy has something to drop.
      students.push(`st${s - (s % 10 === 1 ? 1 : 0)}`);
      for (let i = 0; i < P; i++) {
        const m = items[i]!.maxScore;
        scores[s * P + i] = rand() < ability ? m : Math.floor(rand() * m);
      }
    }
    const all = computeItemStats({ items, scores, students, attempts: "all" });
    const first = computeItemStats({ items, scores, students, attempts: "first" });
    expect(all.test.n).toBe(S);
    expect(first.test.n).toBe(S - S / 10);
    expect(all.items.every((f) => f.discriminativeEfficiency !== null && f.discriminationIndex !== null)).toBe(true);
  });
});
