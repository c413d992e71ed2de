/**
 * `npm run bench [-- --quick] [-- --db sqlite|postgres|mysql]`: runs every scenario, each with its baseline measured
 * right before it in the same run, prints a table and writes bench/results/latest.json. Figures are ratios against
 * those baselines because the machines are shared and noisy; nothing here fails on a figure.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { dashboardScenario } from "./scenarios/dashboard.ts";
import { frameworkScenario } from "./scenarios/framework.ts";
import { giftParseScenario } from "./scenarios/gift-parse.ts";
import { gradingScenario } from "./scenarios/grading.ts";
import { itemStatsScenario } from "./scenarios/item-stats.ts";
import { raschScenario } from "./scenarios/rasch.ts";
import { regradeScenario } from "./scenarios/regrade.ts";
import { schoolBurstScenario } from "./scenarios/school-burst.ts";
import { attemptStartScenario, submitScenario } from "./scenarios/student-loop.ts";
import type { BenchOptions, BenchResult, Scenario } from "./scenarios/types.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const dbArg = args[args.indexOf("--db") + 1];
const db = (args.includes("--db") ? dbArg : "sqlite") as BenchOptions["db"];
if (!["sqlite", "postgres", "mysql"].includes(db)) {
  console.error(`--db must be sqlite, postgres or mysql (got ${dbArg})`);
  process.exit(2);
}
const only = args.includes("--only") ? args[args.indexOf("--only") + 1]?.split(",") : undefined;

const scenarios: [string, Scenario][] = [
  ["framework_overhead", frameworkScenario],
  ["attempt_start", attemptStartScenario],
  ["submit", submitScenario],
  ["school_burst", schoolBurstScenario],
  ["dashboard_cached", dashboardScenario],
  ["grading", gradingScenario],
  ["gift_parse", giftParseScenario],
  ["item_stats_full", itemStatsScenario],
  ["rasch_calibration", raschScenario],
  ["regrade_1000", regradeScenario],
];

const opts: BenchOptions = { quick, db };
const results: BenchResult[] = [];
for (const [name, scenario] of scenarios) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  try {
    results.push(...(await scenario(opts)));
  } catch (err) {
    console.error(`${name} failed: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  }
}

const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || Number.isNaN(v)
    ? "—"
    : v >= 1000
      ? Math.round(v).toLocaleString("en")
      : v.toFixed(digits);
console.log(
  [
    "name".padEnd(22),
    "value".padStart(12),
    "unit".padEnd(8),
    "p50_ms".padStart(8),
    "p99_ms".padStart(8),
    "baseline".padStart(12),
    "ratio".padStart(7),
  ].join(" "),
);
for (const r of results) {
  console.log(
    [
      r.name.padEnd(22),
      fmt(r.value).padStart(12),
      r.unit.padEnd(8),
      fmt(r.p50_ms).padStart(8),
      fmt(r.p99_ms).padStart(8),
      fmt(r.baseline).padStart(12),
      fmt(r.ratio, 3).padStart(7),
    ].join(" "),
  );
}

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version, db };
const dir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(
  `${dir}latest.json`,
  `${JSON.stringify({ machine, quick, date: new Date().toISOString(), results }, null, 2)}\n`,
);
console.log(`\nwritten to bench/results/latest.json`);
