/**
 * Subscribers are idempotent by event id on every engine: an event delivered twice (in turn or at once) is handled
 * once; a handler that throws leaves no trace and runs again on the retry.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../src/context.ts";
import { BullmqQueue } from "../src/infra/queue/bullmq-queue.ts";
import { InProcessQueue } from "../src/infra/queue/in-process-queue.ts";
import { JobRegistry } from "../src/jobs/registry.ts";
import { JobRuntime } from "../src/jobs/runtime.ts";
import { eventJobId, eventJobName, type OutboxEventData, subscribeIn } from "../src/jobs/subscribers.ts";
import { newId, nowIso } from "../src/lib/ids.ts";
import { testEngines } from "./harness.ts";
import {
  createJobsTestDb,
  dropRedisPrefix,
  type JobsTestDb,
  sleep,
  testRedisUrl,
  uniquePrefix,
  waitFor,
} from "./worker-harness.ts";

const redisUrl = testRedisUrl("subscribers");

const event = (): OutboxEventData => ({
  id: newId(),
  organizationId: null,
  type: "answer.submitted",
  payload: { score: 1 },
  createdAt: nowIso(),
});

const deliver = (runtime: JobRuntime, handler: string, data: OutboxEventData, attempt = 1) =>
  runtime.process({ id: eventJobId(handler, data.id), name: eventJobName(handler), data, attempt, maxAttempts: 3 });

const processedCount = async (ctx: AppContext, handler: string, eventId: string) =>
  (
    await ctx.database.db
      .selectFrom("processed_events")
      .select("event_id")
      .where("handler", "=", handler)
      .where("event_id", "=", eventId)
      .execute()
  ).length;

describe.each(testEngines())("subscribers on %s", (engine) => {
  let db: JobsTestDb;
  let ctx: AppContext;
  beforeAll(async () => {
    db = await createJobsTestDb(engine);
    ctx = db.context();
  });
  afterAll(async () => db?.close());

  it("handles an event delivered twice, in turn or at once, once (work inside event.once)", async () => {
    const registry = new JobRegistry();
    const handled: string[] = [];
    subscribeIn(registry, "answer.submitted", "test.tally", async (_ctx, e) => {
      await e.once(async (trx) => {
        // Real work in the same transaction as the record, and slow enough for two deliveries to overlap.
        await trx.selectFrom("events").select("id").limit(1).execute();
        await sleep(50);
        handled.push(e.id);
      });
    });
    const runtime = new JobRuntime(ctx, registry, new InProcessQueue());
    const first = event();
    await deliver(runtime, "test.tally", first);
    await deliver(runtime, "test.tally", first, 2);
    const second = event();
    await Promise.all([deliver(runtime, "test.tally", second), deliver(runtime, "test.tally", second)]);
    expect(handled).toEqual([first.id, second.id]);
    expect(await processedCount(ctx, "test.tally", first.id)).toBe(1);
    await runtime.close(100);
  });

  it("forgets a delivery whose handler threw, so that the retry runs it", async () => {
    const registry = new JobRegistry();
    let calls = 0;
    subscribeIn(registry, "answer.submitted", "test.flaky", async (_ctx, e) => {
      await e.once(async () => {
        calls++;
        if (calls === 1) throw new Error("smtp hiccup");
      });
    });
    const runtime = new JobRuntime(ctx, registry, new InProcessQueue());
    const e = event();
    await expect(deliver(runtime, "test.flaky", e)).rejects.toThrow("smtp hiccup");
    expect(await processedCount(ctx, "test.flaky", e.id)).toBe(0);
    await deliver(runtime, "test.flaky", e, 2);
    await deliver(runtime, "test.flaky", e, 3);
    expect(calls).toBe(2);
    expect(await processedCount(ctx, "test.flaky", e.id)).toBe(1);
    await runtime.close(100);
  });

  it("records a handler without once() after it succeeds, and skips the redelivery", async () => {
    const registry = new JobRegistry();
    const sent: string[] = [];
    subscribeIn(registry, "*", "test.notify", async (_ctx, e) => {
      sent.push(e.id);
    });
    const runtime = new JobRuntime(ctx, registry, new InProcessQueue());
    const e = event();
    await deliver(runtime, "test.notify", e);
    await deliver(runtime, "test.notify", e, 2);
    expect(sent).toEqual([e.id]);
    // Separate handlers keep separate records: the same event still goes to another subscriber.
    expect(await processedCount(ctx, "test.tally", e.id)).toBe(0);
    await runtime.close(100);
  });

  it.runIf(redisUrl !== null)("handles an event enqueued twice through BullMQ once", async () => {
    const prefix = uniquePrefix();
    const registry = new JobRegistry();
    const handled: string[] = [];
    subscribeIn(registry, "answer.submitted", "test.bull", async (_ctx, e) => {
      await e.once(async () => {
        handled.push(e.id);
      });
    });
    const queue = new BullmqQueue({ url: redisUrl as string, prefix, logger: pino({ level: "silent" }) });
    const runtime = new JobRuntime(ctx, registry, queue);
    runtime.consume(2);
    try {
      const e = event();
      await runtime.enqueue(eventJobName("test.bull"), e, { jobId: eventJobId("test.bull", e.id) });
      await waitFor(() => handled.length === 1);
      // A second job for the same event (no shared job id: as if Redis had lost the first one's record).
      await runtime.enqueue(eventJobName("test.bull"), e);
      await sleep(500);
      expect(handled).toEqual([e.id]);
    } finally {
      await runtime.close(2000);
      await dropRedisPrefix(redisUrl as string, prefix);
    }
  });
});
