/**
 * Helpers of the worker suites: contexts on a fresh database (several per database, like several processes),
 * a private redis-server the test can stop and restart, and polling.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { loadConfig } from "../src/config.ts";
import { type AppContext, createContext } from "../src/context.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createTestDatabase, type Engine, requireServices } from "./harness.ts";

export interface JobsTestDb {
  url: string;
  /** A new context (a "process") on this database; closed by close(). */
  context(env?: Record<string, string>): AppContext;
  close(): Promise<void>;
}

export async function createJobsTestDb(engine: Engine): Promise<JobsTestDb> {
  const database = await createTestDatabase(engine);
  const dataDir = mkdtempSync(join(tmpdir(), "lc-jobs-"));
  const contexts: AppContext[] = [];
  const context = (env: Record<string, string> = {}) => {
    const config = loadConfig({
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      LOG_LEVEL: "silent",
      DEMO_DATA: "false",
      ...env,
    });
    const ctx = createContext(config);
    contexts.push(ctx);
    return ctx;
  };
  await migrateToLatest(context().database.db);
  return {
    url: database.url,
    context,
    async close() {
      for (const ctx of contexts.reverse()) await ctx.close();
      // pg's pool.end() resolves before the server has seen every client go; a forced DROP DATABASE in that
      // window makes the leaving clients emit errors nobody listens to any more.
      if (engine === "postgres") await sleep(200);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Redis of the suite, or null with one line saying the Redis tests are skipped (a failure under CI). */
export function testRedisUrl(suite: string): string | null {
  const url = process.env.TEST_REDIS_URL;
  if (url) return url;
  if (requireServices()) throw new Error(`${suite}: REQUIRE_SERVICES=1 but TEST_REDIS_URL is not set`);
  console.log(`[${suite}] TEST_REDIS_URL not set: skipping the Redis (BullMQ) tests`);
  return null;
}

export const uniquePrefix = () => `lctest:${randomBytes(4).toString("hex")}:`;

/** Deletes every key under a prefix (the BullMQ keys of one test). */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A redis-server of our own on `port`, with no persistence: stopping it loses its data, as a crash would. */
export class PrivateRedis {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const proc = spawn("redis-server", ["--port", String(this.port), "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    this.proc = proc;
    await waitFor(async () => {
      const r = new Redis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
      r.on("error", () => {});
      try {
        await r.connect();
        return (await r.ping()) === "PONG";
      } catch {
        return false;
      } finally {
        r.disconnect();
      }
    }, 10_000);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    this.proc = null;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGKILL");
    });
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, stepMs = 25) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(stepMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
