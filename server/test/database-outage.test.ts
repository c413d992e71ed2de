/**
 * A database outage (issue 16, defect 7): while the primary is stopped, requests that need it are answered 503
 * with Retry-After (not 500, not an unhandled error in the log), and service resumes by itself within 5 s of the
 * database's return. Runs against its own PostgreSQL (initdb on a free port), which it may stop.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { type AppContext, createContext } from "../src/context.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { Client, signUp } from "./harness.ts";
import { havePostgresTools, type OwnPostgres, sleep, startPostgres, toolMissing } from "./own-services.ts";

const skip = toolMissing("PostgreSQL server tools (initdb, pg_ctl)", havePostgresTools());

describe.skipIf(skip)("database outage", () => {
  let server: OwnPostgres;
  let ctx: AppContext;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const logged: { level: number; msg: string }[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE lc");
    await admin.end();
    const config = loadConfig({
      NODE_ENV: "test",
      DATABASE_URL: server.urlOf("lc"),
      LOG_LEVEL: "warn",
      PASSWORD_HASH_COST: "10",
      DEMO_DATA: "false",
    });
    const { default: pino } = await import("pino");
    const logger = pino(
      { level: "warn" },
      { write: (line: string) => logged.push(JSON.parse(line) as { level: number; msg: string }) },
    );
    ctx = createContext(config, { logger });
    await migrateToLatest(ctx.database.db);
    app = await buildApp(ctx, { webRoot: "/nonexistent" });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    server?.close();
  });

  it("answers 503 with Retry-After while the database is down, and recovers within 5 s", {
    timeout: 90_000,
  }, async () => {
    const { client, orgId } = await signUp(app);
    expect((await client.get(`/api/v1/orgs/${orgId}/classes`)).statusCode).toBe(200);
    server.stop();
    const statuses: number[] = [];
    for (const req of [
      () => client.get(`/api/v1/orgs/${orgId}/classes`),
      () => client.post(`/api/v1/orgs/${orgId}/classes`, { name: "During" }),
      () => new Client(app).post("/api/v1/auth/login", { email: "x@example.org", password: "whatever123" }),
    ]) {
      const res = await req();
      statuses.push(res.statusCode);
      if (res.statusCode === 503) {
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
        expect(res.json().error.code).toBe("service_unavailable");
      }
    }
    expect(statuses).toEqual([503, 503, 503]);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);

    server.start();
    const back = Date.now();
    let ok = false;
    while (!ok && Date.now() - back < 5000) {
      ok = (await client.get(`/api/v1/orgs/${orgId}/classes`)).statusCode === 200;
      if (!ok) await sleep(100);
    }
    console.log(`database outage: service back ${Date.now() - back} ms after the database`);
    expect(ok).toBe(true);
  });
});
