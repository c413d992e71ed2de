/**
 * Schedules with two workers on one database (two contexts, as two processes): exactly one enqueues per interval,
 * on every engine; intervals come from JOBS_<MODULE>_INTERVAL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../src/context.ts";
import { InProcessQueue } from "../src/infra/queue/in-process-queue.ts";
import { findLease, releaseLease, tryAcquireLease } from "../src/jobs/jobs.repository.ts";
import { JobRegistry } from "../src/jobs/registry.ts";
import { JobRuntime } from "../src/jobs/runtime.ts";
import { Scheduler } from "../src/jobs/schedules.ts";
import { testEngines } from "./harness.ts";
import { createJobsTestDb, type JobsTestDb, sleep } from "./worker-harness.ts";

describe.each(testEngines())("schedules on %s", (engine) => {
  let db: JobsTestDb;
  beforeAll(async () => {
    db = await createJobsTestDb(engine);
  });
  afterAll(async () => db?.close());

  /** A worker: its own registry, in-process queue and scheduler, recording which job ids it ran. */
  function worker(ctx: AppContext, ran: string[], holder: string, module = "report") {
    const registry = new JobRegistry();
    registry.registerJob(`${module}.build`, async (_ctx, _data, job) => {
      ran.push(`${holder}:${job.id}`);
    });
    registry.addSchedule({ module, job: `${module}.build`, fallbackSeconds: 3600 });
    const runtime = new JobRuntime(ctx, registry, new InProcessQueue());
    runtime.consume(1);
    return { runtime, scheduler: new Scheduler(runtime, { holder }), schedule: registry.schedules[0] as never };
  }

  it("takes a lease once: a second holder waits until it expires or is released", async () => {
    const ctx = db.context();
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const both = await Promise.all([
      tryAcquireLease(ctx.database.db, "test.lease", "a", at(1000), at(0)),
      tryAcquireLease(ctx.database.db, "test.lease", "b", at(1000), at(0)),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const winner = both[0] ? "a" : "b";
    const loser = winner === "a" ? "b" : "a";
    expect(await tryAcquireLease(ctx.database.db, "test.lease", loser, at(2000), at(500))).toBe(false);
    expect(await tryAcquireLease(ctx.database.db, "test.lease", loser, at(2000), at(1000))).toBe(true);
    expect((await findLease(ctx.database.db, "test.lease"))?.holder).toBe(loser);
    await releaseLease(ctx.database.db, "test.lease", winner); // not the holder any more: no effect
    expect(await tryAcquireLease(ctx.database.db, "test.lease", winner, at(3000), at(1500))).toBe(false);
    await releaseLease(ctx.database.db, "test.lease", loser);
    expect(await tryAcquireLease(ctx.database.db, "test.lease", winner, at(3000), at(1500))).toBe(true);
  });

  it("enqueues once per slot with two workers racing for every slot", async () => {
    const ran: string[] = [];
    const a = worker(db.context({ JOBS_REPORT_INTERVAL: "60" }), ran, "a");
    const b = worker(db.context({ JOBS_REPORT_INTERVAL: "60" }), ran, "b");
    expect(a.scheduler.intervalMs(a.schedule)).toBe(60_000);
    // Far in the future, so that no earlier test's lease interferes; five consecutive slots.
    const base = Math.ceil(Date.now() / 60_000) * 60_000 + 86_400_000;
    for (let slot = 0; slot < 5; slot++) {
      const t = base + slot * 60_000 + 7_000;
      const wins = await Promise.all([a.scheduler.runSlot(a.schedule, t), b.scheduler.runSlot(b.schedule, t)]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      // A later tick within the same slot (a restart, a drifting timer) wins nothing.
      expect(await a.scheduler.runSlot(a.schedule, t + 30_000)).toBe(false);
      expect(await b.scheduler.runSlot(b.schedule, t + 30_000)).toBe(false);
    }
    await sleep(100);
    expect(ran).toHaveLength(5);
    expect(new Set(ran.map((r) => r.split(":")[1])).size).toBe(5);
    await Promise.all([a.runtime.close(1000), b.runtime.close(1000)]);
  });

  it("runs on real timers at the configured interval, once per interval across both workers", async () => {
    const ran: string[] = [];
    const a = worker(db.context({ JOBS_DIGEST_INTERVAL: "1" }), ran, "a", "digest");
    const b = worker(db.context({ JOBS_DIGEST_INTERVAL: "1" }), ran, "b", "digest");
    const started = Date.now();
    a.scheduler.start();
    b.scheduler.start();
    await sleep(3300);
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
    const elapsedSlots = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1;
    await sleep(100);
    const slots = ran.map((r) => r.split(":")[1]);
    expect(new Set(slots).size).toBe(slots.length); // never twice in one slot
    expect(slots.length).toBeGreaterThanOrEqual(elapsedSlots - 1);
    expect(slots.length).toBeLessThanOrEqual(elapsedSlots);
    await Promise.all([a.runtime.close(1000), b.runtime.close(1000)]);
  });
});
