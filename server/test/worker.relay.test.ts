/**
 * The outbox relay on every engine: events committed by the API reach their subscribers once; with the queue's
 * Redis stopped they wait in the database (attempts counted) and go out exactly once when it is back.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../src/context.ts";
import { BullmqQueue } from "../src/infra/queue/bullmq-queue.ts";
import { InProcessQueue } from "../src/infra/queue/in-process-queue.ts";
import type { Queue } from "../src/infra/queue/queue.ts";
import { releaseLease, tryAcquireLease } from "../src/jobs/jobs.repository.ts";
import { OutboxRelay, RELAY_LEASE } from "../src/jobs/outbox-relay.ts";
import { JobRegistry } from "../src/jobs/registry.ts";
import { JobRuntime } from "../src/jobs/runtime.ts";
import { subscribeIn } from "../src/jobs/subscribers.ts";
import { notifyEventsWritten, writeEvent } from "../src/modules/events/outbox.ts";
import { testEngines } from "./harness.ts";
import {
  createJobsTestDb,
  dropRedisPrefix,
  freePort,
  type JobsTestDb,
  PrivateRedis,
  sleep,
  testRedisUrl,
  uniquePrefix,
  waitFor,
} from "./worker-harness.ts";

const redisAvailable = testRedisUrl("outbox relay") !== null;

/** A relay and a consumer over `queue`, with one subscriber that counts what it handles. */
function setUp(ctx: AppContext, queue: Queue) {
  const handled: string[] = [];
  const registry = new JobRegistry();
  subscribeIn(registry, "lesson.completed", "test.count", async (_ctx, event) => {
    await event.once(async () => {
      handled.push(event.id);
    });
  });
  const runtime = new JobRuntime(ctx, registry, queue);
  runtime.consume(4);
  const relay = new OutboxRelay(runtime, { pollMs: 100, baseBackoffMs: 100, maxBackoffMs: 400 });
  relay.start();
  return {
    handled,
    async stop() {
      await relay.stop();
      await runtime.close(2000);
    },
  };
}

async function writeEvents(ctx: AppContext, n: number): Promise<string[]> {
  const ids: string[] = [];
  await ctx.database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) {
      ids.push(await writeEvent(trx, { organizationId: null, type: "lesson.completed", payload: { i } }));
    }
  });
  notifyEventsWritten();
  return ids;
}

const eventRows = (ctx: AppContext, ids: string[]) =>
  ctx.database.db
    .selectFrom("events")
    .select(["id", "dispatched_at", "attempts"])
    .where("id", "in", ids)
    .orderBy("id")
    .execute();

describe.each(testEngines())("outbox relay on %s", (engine) => {
  let db: JobsTestDb;
  beforeAll(async () => {
    db = await createJobsTestDb(engine);
  });
  afterAll(async () => db?.close());

  it("hands committed events to the in-process queue at once and marks them once handled", async () => {
    const ctx = db.context();
    const { handled, stop } = setUp(ctx, new InProcessQueue());
    try {
      const ids = await writeEvents(ctx, 3);
      const other = await ctx.database.db
        .transaction()
        .execute((trx) => writeEvent(trx, { organizationId: null, type: "nobody.listens", payload: {} }));
      await waitFor(() => handled.length === 3, 5000);
      expect([...handled].sort()).toEqual([...ids].sort());
      await waitFor(async () => (await eventRows(ctx, [...ids, other])).every((r) => r.dispatched_at !== null));
      await sleep(300);
      expect(handled).toHaveLength(3);
    } finally {
      await stop();
    }
  });

  it.runIf(redisAvailable)(
    "keeps events pending while Redis is down and delivers each exactly once when it is back",
    async () => {
      const redis = new PrivateRedis(await freePort());
      await redis.start();
      const prefix = uniquePrefix();
      const ctx = db.context();
      const queue = new BullmqQueue({
        url: redis.url,
        prefix,
        logger: pino({ level: "silent" }),
        enqueueTimeoutMs: 500,
      });
      const { handled, stop } = setUp(ctx, queue);
      try {
        const before = await writeEvents(ctx, 3);
        await waitFor(() => handled.length === 3, 10_000);

        await redis.stop();
        const during = await writeEvents(ctx, 5);
        await sleep(1500);
        const pending = await eventRows(ctx, during);
        expect(pending.every((r) => r.dispatched_at === null)).toBe(true);
        expect(pending[0]?.attempts).toBeGreaterThanOrEqual(1); // the relay tried and counted it
        expect(handled).toHaveLength(3);

        await redis.start();
        await waitFor(() => handled.length === 8, 20_000);
        await waitFor(async () => (await eventRows(ctx, during)).every((r) => r.dispatched_at !== null), 5000);
        await sleep(1000); // a second delivery would show up here
        expect([...handled].sort()).toEqual([...before, ...during].sort());
        expect(new Set(handled).size).toBe(8);
      } finally {
        await stop();
        await redis.stop();
        await dropRedisPrefix(process.env.TEST_REDIS_URL as string, prefix).catch(() => {});
      }
    },
    60_000,
  );

  it("lets only one of two relays run a pass at a time, and a redelivered event is skipped", async () => {
    const a = db.context();
    const b = db.context();
    const handled: string[] = [];
    const runtimes: JobRuntime[] = [];
    const relays = [a, b].map((ctx) => {
      const registry = new JobRegistry();
      subscribeIn(registry, "lesson.completed", "test.twice", async (_ctx, event) => {
        await event.once(async () => {
          handled.push(event.id);
        });
      });
      const runtime = new JobRuntime(ctx, registry, new InProcessQueue());
      runtime.consume(2);
      runtimes.push(runtime);
      return new OutboxRelay(runtime, { batchSize: 500 });
    });
    try {
      const ids = await writeEvents(a, 40);
      // While another relay is mid-pass (it holds the lease), this one does nothing at all.
      const until = new Date(Date.now() + 60_000).toISOString();
      expect(await tryAcquireLease(a.database.db, RELAY_LEASE, "someone-else", until)).toBe(true);
      expect(await relays[0]?.runOnce()).toMatchObject({ busy: true, dispatched: 0 });
      await sleep(100);
      expect(handled).toHaveLength(0);
      await releaseLease(a.database.db, RELAY_LEASE, "someone-else");
      // Both at once: each pass is whole or nothing, and the events are handled once whichever won.
      const passes = await Promise.all(relays.map((r) => r.runOnce()));
      expect(passes.some((p) => !p.busy)).toBe(true);
      await waitFor(() => handled.length >= 40, 5000);
      // As if a relay died between enqueue and mark: the events look pending again and go out a second time.
      await a.database.db.updateTable("events").set({ dispatched_at: null }).where("id", "in", ids).execute();
      await relays[1]?.runOnce();
      await waitFor(async () => (await eventRows(a, ids)).every((r) => r.dispatched_at !== null), 5000);
      await sleep(200);
      expect(handled).toHaveLength(40);
      expect(new Set(handled).size).toBe(40);
    } finally {
      for (const r of relays) await r.stop();
      for (const r of runtimes) await r.close(1000);
    }
  });
});
