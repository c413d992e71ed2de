/**
 * `framework_overhead`: our stack on a trivial authenticated organization route (every plugin, the access hook),
 * against raw node:http doing the same unavoidable work (raw-server.ts: the session cookie, its SHA-256, one
 * prepared session + membership lookup, the same JSON), both on the same database with the same session.
 */
import { openBenchDatabase } from "../lib/generate.ts";
import { type LoadResult, load } from "../lib/load.ts";
import { type ServerProcess, startServer } from "../lib/process.ts";
import type { BenchResult, Scenario } from "./types.ts";

async function measure(server: ServerProcess, url: string, cookie: string, seconds: number) {
  const headers = { cookie };
  await load({ url, headers, seconds: 1 }); // warm-up
  const cpu0 = await server.cpuMs();
  const r: LoadResult = await load({ url, headers, seconds });
  const cpuUs = (((await server.cpuMs()) - cpu0) * 1000) / Math.max(1, r.total);
  if (r.non2xx || r.errors) throw new Error(`framework_overhead: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { ...r, cpuUs };
}

export const frameworkScenario: Scenario = async (opts) => {
  const seconds = opts.quick ? 3 : 10;
  const db = await openBenchDatabase(opts.db);
  try {
    // The app's server signs up (a session and an owner's membership) and prints the cookie.
    const app = await startServer("app-server.ts", { BENCH_DATABASE_URL: db.url });
    const cookie = app.info.cookie as string;
    const path = `/api/v1/orgs/${app.info.orgId}/bench/ping`;
    let base: Awaited<ReturnType<typeof measure>>;
    let ours: Awaited<ReturnType<typeof measure>>;
    try {
      const raw = await startServer("raw-server.ts", { BENCH_DATABASE_URL: db.url });
      try {
        base = await measure(raw, `http://127.0.0.1:${raw.port}${path}`, cookie, seconds);
      } finally {
        await raw.stop();
      }
      ours = await measure(app, `http://127.0.0.1:${app.port}${path}`, cookie, seconds);
    } finally {
      await app.stop();
    }
    const result: BenchResult = {
      name: "framework_overhead",
      value: Math.round(ours.rps),
      unit: "req/s",
      p50_ms: ours.p50_ms,
      p99_ms: ours.p99_ms,
      baseline: Math.round(base.rps),
      ratio: ours.rps / base.rps,
      notes:
        `20 connections on ${opts.db}; baseline = node:http with the same prepared session lookup and SHA-256 ` +
        `(p50 ${base.p50_ms} ms, p99 ${base.p99_ms} ms); CPU per request: ours ${ours.cpuUs.toFixed(0)} µs, ` +
        `baseline ${base.cpuUs.toFixed(0)} µs (ratio ${(base.cpuUs / ours.cpuUs).toFixed(2)})`,
    };
    return [result];
  } finally {
    await db.close();
  }
};
