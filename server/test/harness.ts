/**
 * Test harness: every test file gets its own fresh database on each engine (SQLite file, and PostgreSQL / MySQL
 * when TEST_POSTGRES_URL / TEST_MYSQL_URL are set), migrated from empty, and the real app on top of it.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InjectOptions } from "fastify";
import mysql from "mysql2/promise";
import pg from "pg";
import { type App, buildApp } from "../src/app.ts";
import { startJobs } from "../src/background.ts";
import { loadConfig } from "../src/config.ts";
import { type AppContext, createContext } from "../src/context.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import type { Dialect } from "../src/db/types.ts";

export type Engine = Dialect;

/** The engines this run tests: SQLite always, the others when their URL is set. */
export function testEngines(): Engine[] {
  const engines: Engine[] = ["sqlite"];
  if (process.env.TEST_POSTGRES_URL) engines.push("postgres");
  if (process.env.TEST_MYSQL_URL) engines.push("mysql");
  return engines;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const name = `lc_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  if (engine === "postgres") {
    const admin = process.env.TEST_POSTGRES_URL as string;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    return {
      url: withDatabase(admin, name),
      async drop() {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  if (engine === "mysql") {
    const admin = process.env.TEST_MYSQL_URL as string;
    const conn = await mysql.createConnection(admin);
    await conn.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    return {
      url: withDatabase(admin, name),
      async drop() {
        const c = await mysql.createConnection(admin);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "lc-test-"));
  return {
    url: `sqlite:${join(dir, "test.sqlite")}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  engine: Engine;
  app: App;
  ctx: AppContext;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * Run the background jobs as `serve` would in one process: the outbox relay, the queue's consumers (BullMQ when
   * the engine runs with Redis, else in process) and the schedules.
   */
  jobs?: boolean;
}

/** Boots the real app on a fresh, migrated database of the engine. `env` adds or overrides variables. */
export async function createTestApp(
  engine: Engine,
  env: Record<string, string> = {},
  opts: TestAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const dataDir = mkdtempSync(join(tmpdir(), "lc-data-"));
  // The shared engines run with Redis (as in production); SQLite runs embedded, with no Redis at all.
  const redis =
    engine !== "sqlite" && process.env.TEST_REDIS_URL
      ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `lctest:${randomBytes(4).toString("hex")}:` }
      : {};
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LOG_LEVEL: "silent",
    PASSWORD_HASH_COST: "10",
    DEMO_DATA: "false",
    ...redis,
    ...env,
  });
  const ctx = createContext(config);
  await migrateToLatest(ctx.database.db);
  const app = await buildApp(ctx, { webRoot: join(dataDir, "no-web") });
  await app.ready();
  const background = opts.jobs
    ? await startJobs(ctx, { consume: true, relay: { pollMs: 100 }, shutdownMs: 5000 })
    : null;
  return {
    engine,
    app,
    ctx,
    dataDir,
    async close() {
      await background?.stop();
      await app.close();
      if (ctx.redis && ctx.config.REDIS_PREFIX.startsWith("lctest:")) await ctx.cache.delPrefix("");
      await ctx.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps the session cookie and sends same-origin requests. */
export class Client {
  cookie: string | null = null;
  constructor(readonly app: App) {}

  async request(method: InjectOptions["method"], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const set = res.cookies.find((c) => c.name === "lc_session");
    if (set) this.cookie = set.value ? `lc_session=${set.value}` : null;
    return res;
  }
  get = (url: string, headers?: Record<string, string>) => this.request("GET", url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request("POST", url, body ?? {}, headers);
  patch = (url: string, body: unknown) => this.request("PATCH", url, body);
  put = (url: string, body: unknown, headers?: Record<string, string>) => this.request("PUT", url, body, headers);
  delete = (url: string) => this.request("DELETE", url);
}

let counter = 0;
/** A unique email per call, so tests never collide on the unique index. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}.${Date.now().toString(36)}.${++counter}@example.org`;
}

/** Signs up a new organization and returns its owner's client and ids. */
export async function signUp(
  app: App,
  overrides: Partial<{ organizationName: string; name: string; email: string; password: string }> = {},
) {
  const client = new Client(app);
  const email = overrides.email ?? uniqueEmail("owner");
  const password = overrides.password ?? "correct horse battery";
  const res = await client.post("/api/v1/auth/signup", {
    organizationName: overrides.organizationName ?? "Test School",
    name: overrides.name ?? "Olivia Owner",
    email,
    password,
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string }; organization: { id: string } };
  return { client, email, password, userId: body.user.id, orgId: body.organization.id };
}

/**
 * Adds a member with a role to an organization directly in the database (tests of permissions need many roles
 * quickly) and returns a logged-in client for them.
 */
export async function addMember(
  t: TestApp,
  orgId: string,
  role: "owner" | "admin" | "teacher" | "student",
  name = `A ${role}`,
) {
  const { hashPassword } = await import("../src/lib/passwords.ts");
  const { insertMembership, insertUser } = await import("../src/modules/identity/identity.repository.ts");
  const email = uniqueEmail(role);
  const password = "correct horse battery";
  const user = await insertUser(t.ctx.database.db, { email, name, passwordHash: await hashPassword(password, 10) });
  await insertMembership(t.ctx.database.db, orgId, user.id, role);
  const client = new Client(t.app);
  const res = await client.post("/api/v1/auth/login", { email, password });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { client, userId: user.id, email, password };
}

export function requireServices(): boolean {
  return process.env.REQUIRE_SERVICES === "1";
}
