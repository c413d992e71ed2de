/**
 * `item_stats_full`: the full recompute of one assignment's item statistics (the aggregated query into a
 * Float64Array, then `computeItemStats`) against the least any item analysis must do in SQL: one
 * `GROUP BY item_id` scan with SUM, SUM of squares and COUNT. 1,000,000 responses (50,000 attempts × 20 items);
 * `--quick` uses 100,000. `item_stats_job` is the whole recompute job (four policies, option distributions, response
 * groups, snapshots), reported without a ratio.
 */
import { computeItemStats } from "@languagecloud/domain";
import { sql } from "kysely";
import { loadMatrix, recomputeAssignment } from "../../server/src/modules/insight/statistics.recompute.ts";
import * as repo from "../../server/src/modules/insight/statistics.repository.ts";
import { assignmentItems } from "../../server/src/modules/insight/statistics.shared.ts";
import { generateAssignment, openBenchDatabase } from "../lib/generate.ts";
import type { BenchResult, Scenario } from "./types.ts";

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const itemStatsScenario: Scenario = async (opts) => {
  const attempts = opts.quick ? 5_000 : 50_000;
  const db = await openBenchDatabase(opts.db);
  try {
    const gen = await generateAssignment(db, { attempts });
    process.stderr.write(
      `  generated ${gen.responses.toLocaleString("en")} responses in ${gen.seconds.toFixed(1)} s\n`,
    );
    const { ctx } = db;
    const assignment = (await repo.findAssignment(ctx.database.db, gen.orgId, gen.assignmentId))!;
    const items = await assignmentItems(ctx, assignment);

    const baseline = () =>
      timed(() =>
        sql`select item_id, sum(score) as s, sum(score * score) as ss, count(*) as n from responses
            where organization_id = ${gen.orgId} and assignment_id = ${gen.assignmentId} group by item_id`.execute(
          ctx.database.db,
        ),
      );
    const ours = () =>
      timed(async () => {
        const m = await loadMatrix(ctx, gen.orgId, gen.assignmentId, items);
        return computeItemStats({ ...m, items: items.map((it) => it.stats), attempts: "first" });
      });
    // Warm both (page cache, statement cache), then alternate so drift hits both alike.
    await baseline();
    const check = await ours();
    if (check.value.test.n !== Math.ceil(attempts / 2))
      throw new Error(`item_stats: expected ${attempts / 2} first attempts`);
    const runs = opts.quick ? 3 : 3;
    const b: number[] = [];
    const o: number[] = [];
    for (let k = 0; k < runs; k++) {
      b.push((await baseline()).seconds);
      o.push((await ours()).seconds);
    }
    const job = await timed(() => recomputeAssignment(ctx, gen.orgId, gen.assignmentId));
    const value = median(o);
    const base = median(b);
    const results: BenchResult[] = [
      {
        name: "item_stats_full",
        value,
        unit: "s",
        baseline: base,
        ratio: value / base,
        notes: `${gen.responses.toLocaleString("en")} responses on ${opts.db}; baseline = one GROUP BY item_id scan`,
      },
      {
        name: "item_stats_job",
        value: job.seconds,
        unit: "s",
        notes: "whole recompute: 4 policies, option distributions, response groups, snapshots",
      },
      { name: "item_stats_generate", value: gen.seconds, unit: "s", notes: "bulk insert of the bench data" },
    ];
    return results;
  } finally {
    await db.close();
  }
};
