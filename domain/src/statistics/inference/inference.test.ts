import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hedgesG } from "./effect-size.ts";
import { ols } from "./ols.ts";
import { tCdf, tQuantile } from "./t-distribution.ts";
import { welchTTest } from "./welch.ts";

// Properties that hold whatever R says (the agreement with R is inference.r.test.ts).
describe("inference properties", () => {
  const sample = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 60 });

  it("Welch: swapping the samples negates the estimate and mirrors the interval; p is the same", () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = welchTTest(x, y);
        const b = welchTTest(y, x);
        expect(a === null).toBe(b === null);
        if (a && b) {
          expect(a.estimate).toBeCloseTo(-b.estimate, 12);
          expect(a.low).toBeCloseTo(-b.high, 12);
          expect(a.p).toBeCloseTo(b.p, 12);
          expect(a.low).toBeLessThanOrEqual(a.estimate);
          expect(a.p).toBeGreaterThanOrEqual(0);
          expect(a.p).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it("Welch refuses fewer than two values or two constant samples", () => {
    expect(welchTTest([0.5], [0.1, 0.2])).toBeNull();
    expect(welchTTest([0.3, 0.3, 0.3], [0.7, 0.7])).toBeNull();
    expect(welchTTest([0.3, 0.3, 0.3], [0.7, 0.8])).not.toBeNull();
  });

  it("the quantile inverts the distribution function", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.5, max: 5000, noNaN: true }),
        (p, df) => {
          expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 12);
        },
      ),
    );
  });

  it("Hedges' g is undefined without spread, and OLS without residual degrees of freedom", () => {
    expect(hedgesG([1, 1], [1, 1])).toBeNull();
    expect(ols([1, 2], { arm: [0, 1] })).toBeNull();
  });
});
