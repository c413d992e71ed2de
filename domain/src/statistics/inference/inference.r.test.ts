import { describe, expect, it } from "vitest";
import { hedgesG } from "./effect-size.ts";
import { ols } from "./ols.ts";
import { tCdf, tQuantile, tTwoSided } from "./t-distribution.ts";
import { DifferenceTracker, rAvailable, runR, seededRandom } from "./testing.ts";
import { welchTTest } from "./welch.ts";

// Differential tests: R (r-base-core) computes every figure independently and ours must agree to 1e-9.
const TOLERANCE = 1e-9;
const hasR = rAvailable();
const SIZES = [2, 3, 4, 5, 7, 10, 13, 20, 31, 50, 99, 150, 250, 500];

type Shape = "fractions" | "continuous" | "binary" | "constant";

function sample(rand: () => number, n: number, shape: Shape, shift: number): number[] {
  const denominator = [1, 2, 4, 5, 10][Math.floor(rand() * 5)]!;
  const constant = Math.floor(rand() * (denominator + 1)) / denominator;
  return Array.from({ length: n }, () => {
    if (shape === "constant") return constant;
    if (shape === "binary") return rand() < 0.5 + shift ? 1 : 0;
    if (shape === "fractions") return Math.min(1, Math.floor((rand() + shift) * (denominator + 1)) / denominator);
    return rand() * 0.8 + shift;
  });
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const fmt = (xs: readonly number[]) => xs.map((v) => v.toPrecision(17)).join(",");

function report(name: string, tracker: DifferenceTracker, count: number) {
  console.log(
    `[R differential] ${name}: ${count} cases, largest difference ${tracker.largest.toExponential(2)} (${tracker.where})`,
  );
  expect(tracker.largest).toBeLessThanOrEqual(TOLERANCE);
}

describe.skipIf(!hasR)("inference agrees with R", () => {
  it("t distribution: pt and qt over a grid of degrees of freedom", () => {
    const dfs = [0.7, 1, 1.5, 2, 3, 4.25, 7, 12.5, 30, 99.9, 250, 1000, 12_345];
    const ts = [-40, -6, -2.5, -1, -0.3, 0, 0.01, 0.5, 1.96, 3, 8, 25];
    const ps = [0.0005, 0.01, 0.025, 0.1, 0.4, 0.6, 0.9, 0.975, 0.995, 0.9999];
    const lines = dfs.map((df) => `${df};${ts.join(",")};${ps.join(",")}`);
    const rows = runR(
      `for (line in readLines(commandArgs(TRUE)[1])) {
        f <- strsplit(line, ";")[[1]]; df <- as.numeric(f[1])
        t <- as.numeric(strsplit(f[2], ",")[[1]]); p <- as.numeric(strsplit(f[3], ",")[[1]])
        cat(sprintf("%.17g", c(pt(t, df), 2 * pt(-abs(t), df), qt(p, df))), "\\n")
      }`,
      lines,
    );
    const tracker = new DifferenceTracker();
    dfs.forEach((df, i) => {
      const row = rows[i]!;
      ts.forEach((t, j) => {
        tracker.compare(tCdf(t, df), row[j]!, `pt(${t}, ${df})`);
        // Tails are compared relative to their own size too: a p of 1e-12 must be right in its digits.
        const tail = tTwoSided(t, df);
        const ref = row[ts.length + j]!;
        if (ref > 1e-300) tracker.compare(tail / ref, 1, `tail(${t}, ${df}) relative`);
        else tracker.compare(tail, ref, `tail(${t}, ${df})`);
      });
      ps.forEach((p, j) => {
        tracker.compare(tQuantile(p, df), row[2 * ts.length + j]!, `qt(${p}, ${df})`);
      });
    });
    report("pt/qt", tracker, dfs.length * (2 * ts.length + ps.length));
  });

  it("Welch's t test and Hedges' g as t.test(x, y, var.equal = FALSE)", () => {
    const rand = seededRandom(17);
    const cases: { x: number[]; y: number[] }[] = [];
    for (let c = 0; c < 240; c++) {
      const shapeX: Shape = c % 12 === 0 ? "constant" : pick(rand, ["fractions", "continuous", "binary"] as const);
      const shapeY: Shape = c % 40 === 0 ? "constant" : pick(rand, ["fractions", "continuous", "binary"] as const);
      cases.push({
        x: sample(rand, pick(rand, SIZES), shapeX, rand() * 0.3),
        y: sample(rand, pick(rand, SIZES), shapeY, rand() * 0.3),
      });
    }
    const rows = runR(
      `for (line in readLines(commandArgs(TRUE)[1])) {
        f <- strsplit(line, ";")[[1]]
        x <- as.numeric(strsplit(f[1], ",")[[1]]); y <- as.numeric(strsplit(f[2], ",")[[1]])
        r <- tryCatch(t.test(x, y, var.equal = FALSE, conf.level = 0.95), error = function(e) NULL)
        nx <- length(x); ny <- length(y)
        sp <- sqrt(((nx - 1) * var(x) + (ny - 1) * var(y)) / (nx + ny - 2))
        g <- if (sp > 0) (mean(x) - mean(y)) / sp * (1 - 3 / (4 * (nx + ny) - 9)) else NA
        out <- if (is.null(r)) rep(NA, 6) else c(unname(r$estimate[1] - r$estimate[2]), r$conf.int, r$p.value,
          unname(r$parameter), unname(r$statistic))
        cat(sprintf("%.17g", c(out, g)), "\\n")
      }`,
      cases.map(({ x, y }) => `${fmt(x)};${fmt(y)}`),
    );
    const tracker = new DifferenceTracker();
    let refused = 0;
    cases.forEach(({ x, y }, i) => {
      const [estimate, low, high, p, df, t, g] = rows[i]!;
      const ours = welchTTest(x, y);
      const label = `case ${i} (n ${x.length} vs ${y.length})`;
      if (ours === null) refused++;
      tracker.compare(ours?.estimate, estimate!, `${label} estimate`);
      tracker.compare(ours?.low, low!, `${label} low`);
      tracker.compare(ours?.high, high!, `${label} high`);
      tracker.compare(ours?.p, p!, `${label} p`);
      tracker.compare(ours?.df, df!, `${label} df`);
      tracker.compare(ours?.t, t!, `${label} t`);
      tracker.compare(hedgesG(x, y), g!, `${label} Hedges' g`);
    });
    expect(refused).toBeGreaterThan(0); // the both-constant cases were met, and refused as R refuses them
    expect(refused).toBeLessThan(cases.length / 4);
    report("Welch t / Hedges' g", tracker, cases.length);
  });

  it("OLS y ~ arm + pre as summary(lm()) and confint()", () => {
    const rand = seededRandom(1717);
    const cases: { y: number[]; arm: number[]; pre: number[] }[] = [];
    for (let c = 0; c < 160; c++) {
      const n0 = Math.max(2, pick(rand, SIZES));
      const n1 = Math.max(2, pick(rand, SIZES));
      const arm = [...new Array(n0).fill(0), ...new Array(n1).fill(1)];
      const preShape: Shape = c % 25 === 0 ? "constant" : pick(rand, ["fractions", "continuous"] as const);
      const pre = sample(rand, n0 + n1, preShape, 0);
      const effect = rand() * 0.3;
      const noise = c % 30 === 0 ? 0 : rand() * 0.3;
      const y = arm.map((a, i) => {
        const v = 0.2 + 0.5 * pre[i]! + effect * a + noise * (rand() - 0.5);
        // Score shares have ties: round to tenths in half of the cases.
        return c % 2 ? Math.round(v * 10) / 10 : v;
      });
      cases.push({ y, arm, pre });
    }
    const rows = runR(
      `for (line in readLines(commandArgs(TRUE)[1])) {
        f <- strsplit(line, ";")[[1]]
        y <- as.numeric(strsplit(f[1], ",")[[1]]); arm <- as.numeric(strsplit(f[2], ",")[[1]])
        pre <- as.numeric(strsplit(f[3], ",")[[1]])
        m <- lm(y ~ arm + pre); s <- summary(m)$coefficients; ci <- suppressWarnings(confint(m))
        row <- function(name) if (name %in% rownames(s)) c(s[name, ], ci[name, ]) else rep(NA, 6)
        cat(sprintf("%.17g", c(row("(Intercept)"), row("arm"), row("pre"), m$df.residual)), "\\n")
      }`,
      cases.map(({ y, arm, pre }) => `${fmt(y)};${fmt(arm)};${fmt(pre)}`),
    );
    const tracker = new DifferenceTracker();
    let aliased = 0;
    cases.forEach(({ y, arm, pre }, i) => {
      const row = rows[i]!;
      const fit = ols(y, { arm, pre });
      expect(fit).not.toBeNull();
      tracker.compare(fit!.df, row[18]!, `case ${i} df`);
      ["(Intercept)", "arm", "pre"].forEach((name, k) => {
        const [estimate, se, t, p, low, high] = row.slice(6 * k, 6 * k + 6);
        const c = fit!.coefficients[name];
        if (c === null) aliased++;
        const label = `case ${i} (n ${y.length}) ${name}`;
        tracker.compare(c?.estimate, estimate!, `${label} estimate`);
        tracker.compare(c?.se, se!, `${label} se`);
        // A perfect fit: R's t and p there are artefacts of rounding; we say "undefined" (and R's se is ~0 too).
        if (c && c.t === null) expect(se!).toBeLessThan(1e-12);
        if (c && c.t !== null) {
          tracker.compare(c.t, t!, `${label} t`);
          tracker.compare(c.p, p!, `${label} p`);
        }
        tracker.compare(c?.low, low!, `${label} low`);
        tracker.compare(c?.high, high!, `${label} high`);
      });
    });
    expect(aliased).toBeGreaterThan(0); // the constant pre-tests were met and dropped, as R drops them
    report("OLS", tracker, cases.length);
  });
});
