/**
 * Our whole stack (every plugin, the access hook, sessions) on a fresh database, plus a trivial authenticated
 * route for `framework_overhead`. Prints the port and a session cookie for the load generator.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLanguageTools } from "@languagecloud/domain";
import { buildApp } from "../../server/src/app.ts";
import { loadConfig } from "../../server/src/config.ts";
import { createContext } from "../../server/src/context.ts";
import { migrateToLatest } from "../../server/src/db/migrate.ts";
import { ANY_MEMBER, membershipOf } from "../../server/src/plugins/access.ts";

const dataDir = mkdtempSync(join(tmpdir(), "lc-bench-"));
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dataDir, "bench.sqlite")}`,
  LOG_LEVEL: "silent",
  PASSWORD_HASH_COST: "10",
  LOGIN_MAX_ATTEMPTS_PER_IP: "1000000",
});
const ctx = createContext(config);
await migrateToLatest(ctx.database.db);
const app = await buildApp(ctx, { webRoot: join(dataDir, "no-web") });
// As `languagecloud serve` does before it listens (server.ts).
getLanguageTools();
app.get("/api/v1/orgs/:orgId/bench/ping", { config: { access: { roles: ANY_MEMBER } } }, async (req) => ({
  ok: true,
  role: membershipOf(req).role,
}));
await app.listen({ port: 0, host: "127.0.0.1" });
const port = (app.server.address() as { port: number }).port;

const signup = await app.inject({
  method: "POST",
  url: "/api/v1/auth/signup",
  payload: {
    organizationName: "Bench School",
    name: "Bench Owner",
    email: `bench${Date.now()}@example.org`,
    password: "benchmark password",
  },
});
const cookie = signup.cookies.find((c) => c.name === "lc_session");
const orgId = (signup.json() as { organization: { id: string } }).organization.id;
process.stdout.write(`LISTENING ${port} ${JSON.stringify({ cookie: `lc_session=${cookie?.value}`, orgId })}\n`);

// CPU time, for figures that a busy machine's waits do not distort (lib/process.ts, cpuMs).
process.on("message", (m) => {
  if (m !== "cpu") return;
  const u = process.cpuUsage();
  process.send?.({ cpuMs: (u.user + u.system) / 1000 });
});

process.on("SIGTERM", async () => {
  await app.close();
  await ctx.close();
  process.exit(0);
});
