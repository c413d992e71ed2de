import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dealClasses, dealStudents, variantAt } from "./experiment-deal.ts";

const ids = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("experiment deal", () => {
  it("the arms of a class differ in size by at most one, for any class size and 2 to 4 variants", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 2, max: 4 }), fc.string(), (n, v, seed) => {
        const deal = dealStudents(seed, "class-1", ids(n), v);
        const sizes = Array.from({ length: v }, (_, k) => deal.filter((d) => d.variant === k).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(new Set(deal.map((d) => d.userId)).size).toBe(n);
      }),
    );
  });

  it("the same seed gives the same deal, whatever order the students come in; another seed another deal", () => {
    const students = ids(30);
    const a = dealStudents("seed-1", "c", students, 2);
    const b = dealStudents("seed-1", "c", [...students].reverse(), 2);
    expect(b).toEqual(a);
    const c = dealStudents("seed-2", "c", students, 2);
    expect(c.map((d) => d.userId)).not.toEqual(a.map((d) => d.userId));
  });

  it("late joiners get the next variant of the class's deal, keeping the arms within one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2, max: 4 }),
        (n, late, v) => {
          const deal = dealStudents("s", "c", ids(n), v);
          const variants = deal.map((d) => d.variant);
          for (let k = 0; k < late; k++) variants.push(variantAt("s", "c", n + k, v));
          expect(variants[n]).toBe(n > 0 ? (deal[n - 1]!.variant + 1) % v : variantAt("s", "c", 0, v));
          const sizes = Array.from({ length: v }, (_, k) => variants.filter((x) => x === k).length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("classes are dealt whole, in turn", () => {
    const deal = dealClasses("s", ids(5, "c"), 2);
    const counts = [0, 1].map((k) => [...deal.values()].filter((x) => x === k).length);
    expect(counts.sort()).toEqual([2, 3]);
    expect(dealClasses("s", ids(5, "c").reverse(), 2)).toEqual(deal);
  });
});
