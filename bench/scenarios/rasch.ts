/**
 * `rasch_calibration`: a class of 200 students × 400 items (20 exercises of 20 items; each student did 8 of them,
 * so the matrix is 40 % filled and almost every student has their own pattern of blanks) calibrated by CML with
 * standard errors, WLE abilities and fit. Goal: under 1 s. Baseline: one pass over the same matrix counting
 * right answers per item and per student, the least any item analysis does.
 */
import { calibrateRasch, type RaschResponse } from "@languagecloud/domain";
import { normal, seeded, simulate } from "../../domain/src/methodology/rasch/testing.ts";
import type { BenchResult, Scenario } from "./types.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function sparseClass(students = 200, exercises = 20, perExercise = 20, done = 8): RaschResponse[][] {
  const rand = seeded(400);
  const items = exercises * perExercise;
  const chosen = Array.from({ length: students }, () => {
    const order = Array.from({ length: exercises }, (_, e) => e).sort(() => rand() - 0.5);
    return new Set(order.slice(0, done));
  });
  return simulate(
    rand,
    Array.from({ length: students }, () => normal(rand)),
    Array.from({ length: items }, () => normal(rand)),
    (s, i) => chosen[s]!.has(Math.floor(i / perExercise)),
  );
}

export const raschScenario: Scenario = async (opts) => {
  const data = sparseClass();
  const items = 400;
  const baseline = () => {
    const t0 = performance.now();
    const byItem = new Float64Array(items);
    const byStudent = new Float64Array(data.length);
    data.forEach((row, s) => {
      for (let i = 0; i < items; i++) {
        const x = row[i];
        if (x == null) continue;
        byItem[i] = byItem[i]! + x;
        byStudent[s] = byStudent[s]! + x;
      }
    });
    return (performance.now() - t0) / 1000;
  };
  const cpu: number[] = [];
  const ours = () => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const fit = calibrateRasch(data, items);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    if (!fit.converged || fit.estimatedItems < 390) throw new Error("rasch bench: calibration did not converge");
    return (performance.now() - t0) / 1000;
  };
  baseline();
  ours();
  const runs = opts.quick ? 1 : 3;
  const b: number[] = [];
  const o: number[] = [];
  for (let k = 0; k < runs; k++) {
    b.push(baseline());
    o.push(ours());
  }
  const value = median(o);
  const base = median(b);
  const results: BenchResult[] = [
    {
      name: "rasch_calibration",
      value,
      unit: "s",
      baseline: base,
      ratio: value / base,
      notes:
        "200 students × 400 items, 40 % answered; CML + SEs + WLE + fit (goal < 1 s); baseline = one counting pass",
    },
    {
      name: "rasch_calibration_cpu",
      value: median(cpu),
      unit: "s",
      notes: "the same calibration in CPU seconds of this process (steadier than wall time on a shared machine)",
    },
  ];
  return results;
};
