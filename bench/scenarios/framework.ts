/** `framework_overhead`: our stack on a trivial authenticated route, against raw node:http answering the same JSON. */
import { load } from "../lib/load.ts";
import { startServer } from "../lib/process.ts";
import type { BenchResult, Scenario } from "./types.ts";

export const frameworkScenario: Scenario = async (opts) => {
  const seconds = opts.quick ? 3 : 10;
  const raw = await startServer("raw-server.ts");
  await load({ url: `http://127.0.0.1:${raw.port}/`, seconds: 1 }); // warm-up
  const base = await load({ url: `http://127.0.0.1:${raw.port}/`, seconds });
  await raw.stop();

  const app = await startServer("app-server.ts");
  const url = `http://127.0.0.1:${app.port}/api/v1/orgs/${app.info.orgId}/bench/ping`;
  const headers = { cookie: app.info.cookie as string };
  await load({ url, headers, seconds: 1 });
  const ours = await load({ url, headers, seconds });
  await app.stop();
  if (ours.non2xx || ours.errors) throw new Error(`framework_overhead: ${ours.non2xx} non-2xx, ${ours.errors} errors`);

  const result: BenchResult = {
    name: "framework_overhead",
    value: Math.round(ours.rps),
    unit: "req/s",
    p50_ms: ours.p50_ms,
    p99_ms: ours.p99_ms,
    baseline: Math.round(base.rps),
    ratio: ours.rps / base.rps,
  };
  return [result];
};
