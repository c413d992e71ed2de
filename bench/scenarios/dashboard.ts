/**
 * `dashboard_cached`: a teacher's class dashboard (GET /classes/{id}/dashboard) from a warm cache — the in-process
 * LRU here, Redis when configured — against framework_overhead's trivial authenticated route on the same server
 * process, same teacher, same connections, measured right before it. The class is a real one's size: 30 students,
 * 8 assignments (two overdue), their submissions and item statistics, so the cached JSON is what a teacher gets.
 */
import { openBenchDatabase } from "../lib/generate.ts";
import { load } from "../lib/load.ts";
import { startServer } from "../lib/process.ts";
import { createSchool } from "../lib/school.ts";
import type { Scenario } from "./types.ts";

/** Fewer connections than the throughput scenarios: this one is about latency (p99 < 10 ms). */
const CONNECTIONS = 10;

export const dashboardScenario: Scenario = async (opts) => {
  const seconds = opts.quick ? 3 : 10;
  const db = await openBenchDatabase(opts.db);
  try {
    const school = await createSchool(db, {
      students: 1,
      openAttempts: false,
      dashboardStudents: 30,
      dashboardAssignments: 8,
    });
    const server = await startServer("app-server.ts", { BENCH_DATABASE_URL: db.url });
    try {
      const base = `http://127.0.0.1:${server.port}/api/v1/orgs/${school.orgId}`;
      const headers = { cookie: school.ownerCookie };
      const ping = `${base}/bench/ping`;
      const dashboard = `${base}/classes/${school.dashboardClassId}/dashboard`;
      const first = await fetch(dashboard, { headers });
      if (first.status !== 200) throw new Error(`dashboard: ${first.status} ${await first.text()}`);
      const bytes = (await first.arrayBuffer()).byteLength;
      await load({ url: ping, headers, connections: CONNECTIONS, seconds: 1 });
      const trivial = await load({ url: ping, headers, connections: CONNECTIONS, seconds });
      await load({ url: dashboard, headers, connections: CONNECTIONS, seconds: 1 });
      const ours = await load({ url: dashboard, headers, connections: CONNECTIONS, seconds });
      for (const [name, r] of [
        ["trivial route", trivial],
        ["dashboard_cached", ours],
      ] as const) {
        if (r.errors || r.non2xx) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      }
      const check = (await (await fetch(dashboard, { headers })).json()) as { cache?: string };
      if (check.cache !== "hit") throw new Error(`dashboard_cached: expected a cache hit, got ${check.cache}`);
      return [
        {
          name: "dashboard_cached",
          value: Math.round(ours.rps),
          unit: "req/s",
          p50_ms: ours.p50_ms,
          p99_ms: ours.p99_ms,
          baseline: Math.round(trivial.rps),
          ratio: ours.rps / trivial.rps,
          notes: `${(bytes / 1024).toFixed(1)} KB of JSON, ${CONNECTIONS} connections; baseline = the trivial authenticated route on the same process (p99 ${trivial.p99_ms} ms); goal p99 < 10 ms`,
        },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
  }
};
