/**
 * The processes: `serve` without Redis runs the jobs in process (startJobs with consume), and `languagecloud worker`
 * starts, says which queue it uses, and stops cleanly on SIGTERM.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs } from "../src/background.ts";
import { subscribe } from "../src/jobs/subscribers.ts";
import { createTestApp, signUp, type TestApp } from "./harness.ts";
import { dropRedisPrefix, testRedisUrl, uniquePrefix, waitFor } from "./worker-harness.ts";

const redisUrl = testRedisUrl("worker command");
const bin = fileURLToPath(new URL("../bin/languagecloud.js", import.meta.url));

// Registered in the process's registry, as a module's jobs file would.
const signedUp: string[] = [];
subscribe("organization.created", "test.welcome", async (_ctx, event) => {
  await event.once(async () => {
    signedUp.push(event.organizationId as string);
  });
});

describe("serve without Redis", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
  });
  afterAll(async () => t?.close());

  it("runs consumers, relay and schedules in process: a sign-up's event reaches its subscriber", async () => {
    const background = await startJobs(t.ctx, { consume: true });
    try {
      const { orgId } = await signUp(t.app);
      await waitFor(() => signedUp.includes(orgId), 5000);
      const lease = await t.ctx.database.db
        .selectFrom("job_locks")
        .select("name")
        .where("name", "=", "schedule:maintenance:jobs.prune_processed")
        .executeTakeFirst();
      expect(lease).toBeDefined(); // the maintenance schedule ran its first slot
    } finally {
      await background.stop();
    }
  });
});

/** `stopWhenRunning`: SIGTERM at the very moment "Worker running" is read, as a supervisor might send it. */
function runWorker(env: Record<string, string>, { stopWhenRunning = false } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "lc-worker-"));
  const child = spawn(process.execPath, [bin, "worker"], {
    env: { PATH: process.env.PATH, NODE_ENV: "test", DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let sentAt = 0;
  child.stdout.on("data", (d) => {
    out += d;
    if (stopWhenRunning && !sentAt && out.includes("Worker running")) {
      sentAt = Date.now();
      child.kill("SIGTERM");
    }
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  return {
    output: () => out,
    exit,
    async stop() {
      const started = Date.now();
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return { code, ms: Date.now() - started };
    },
  };
}

describe("languagecloud worker", () => {
  it("runs on the database alone without REDIS_URL, says so, and stops on SIGTERM", async () => {
    const w = runWorker({});
    await waitFor(() => w.output().includes("Worker running"), 20_000);
    expect(w.output()).toContain("No REDIS_URL: running jobs in this process against the database alone");
    const { code, ms } = await w.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(20_000);
  }, 40_000);

  it("stops cleanly on a SIGTERM sent the moment it says it runs (the handler is there before the words)", async () => {
    // Before the fix about half of these died of the signal itself (exit code null), skipping the shutdown.
    const workers = Array.from({ length: 3 }, () => runWorker({}, { stopWhenRunning: true }));
    const exits = await Promise.all(workers.map((w) => w.exit));
    expect(exits).toEqual(exits.map(() => ({ code: 0, signal: null })));
  }, 90_000);

  it.runIf(redisUrl !== null)(
    "consumes BullMQ with REDIS_URL and stops on SIGTERM",
    async () => {
      const prefix = uniquePrefix();
      const w = runWorker({ REDIS_URL: redisUrl as string, REDIS_PREFIX: prefix });
      await waitFor(() => w.output().includes("Worker running"), 20_000);
      expect(w.output()).toContain("BullMQ on Redis");
      expect(w.output()).not.toContain("No REDIS_URL");
      const { code } = await w.stop();
      expect(code).toBe(0);
      await dropRedisPrefix(redisUrl as string, prefix);
    },
    40_000,
  );
});
