/**
 * Redis faults against a Redis of the test's own (a redis-server on a free port, no persistence), which it stops,
 * freezes and restarts (issue 16, defects 1-3):
 * - a recompute asked for again after the last one finished runs again (BullMQ keeps finished jobs a day);
 * - jobs queued in a Redis that restarts empty are sent again from the outbox and handled once;
 * - a job that failed on its last attempt (a database outage longer than its retries) is run again by the outbox;
 * - log-in, sign-up and join answer while Redis is hung or stopped, and /readyz reports it as degraded (200).
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqQueue } from "../src/infra/queue/bullmq-queue.ts";
import { OutboxRelay } from "../src/jobs/outbox-relay.ts";
import { JobRegistry } from "../src/jobs/registry.ts";
import { JobRuntime } from "../src/jobs/runtime.ts";
import { subscribeIn } from "../src/jobs/subscribers.ts";
import { notifyEventsWritten, writeEvent } from "../src/modules/events/outbox.ts";
import { Client, createTestApp, signUp, type TestApp, uniqueEmail } from "./harness.ts";
import { haveRedisServer, type OwnRedis, sleep, startRedis, toolMissing } from "./own-services.ts";
import { createJobsTestDb, type JobsTestDb, waitFor } from "./worker-harness.ts";

const skip = toolMissing("redis-server", haveRedisServer());
const silent = pino({ level: "silent" });

/** Resolves to the value, or to "hung" after `ms`: a request that never answers must fail the test, not stall it. */
function within<T>(ms: number, p: Promise<T>): Promise<T | "hung"> {
  return Promise.race([p, sleep(ms).then(() => "hung" as const)]);
}

describe.skipIf(skip)("Redis faults", () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.close());

  it("runs a pending-only job id again once the previous run finished", async () => {
    const queue = new BullmqQueue({ url: redis.url, prefix: "lcq1", logger: silent });
    let runs = 0;
    queue.consume(
      async () => {
        runs++;
      },
      { concurrency: 1 },
    );
    try {
      await queue.enqueue("analytics.recompute", {}, { jobId: "analytics.recompute.a1", pendingOnly: true });
      await waitFor(() => runs === 1);
      await queue.enqueue("analytics.recompute", {}, { jobId: "analytics.recompute.a1", pendingOnly: true });
      await waitFor(() => runs === 2);
      // While one waits, asking again adds nothing.
      await queue.enqueue("analytics.recompute", {}, { jobId: "a2", pendingOnly: true, delay: 300 });
      await queue.enqueue("analytics.recompute", {}, { jobId: "a2", pendingOnly: true, delay: 300 });
      await waitFor(() => runs === 3);
      await sleep(500);
      expect(runs).toBe(3);
    } finally {
      await queue.close(1000);
    }
  });

  describe("outbox across an empty restart", () => {
    let db: JobsTestDb;
    beforeAll(async () => {
      db = await createJobsTestDb("sqlite");
    });
    afterAll(async () => db?.close());

    it("hands every event to its subscriber after Redis restarts empty with the jobs waiting", {
      timeout: 60_000,
    }, async () => {
      const ctx = db.context({ REDIS_URL: redis.url, REDIS_PREFIX: "lcq2:" });
      const handled: string[] = [];
      const registry = new JobRegistry();
      subscribeIn(registry, "lesson.completed", "test.count", async (_ctx, event) => {
        await event.once(async () => {
          handled.push(event.id);
        });
      });
      // The API side: a relay that only produces.
      const producer = new JobRuntime(
        ctx,
        registry,
        new BullmqQueue({ url: redis.url, prefix: "lcq2", logger: silent }),
      );
      const relay = new OutboxRelay(producer, {
        pollMs: 100,
        baseBackoffMs: 100,
        maxBackoffMs: 400,
        redeliverAfterMs: 1500,
      });
      relay.start();
      const ids: string[] = [];
      await ctx.database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 40; i++) {
          ids.push(await writeEvent(trx, { organizationId: null, type: "lesson.completed", payload: { i } }));
        }
      });
      notifyEventsWritten();
      await waitFor(async () => {
        const pending = await ctx.database.db
          .selectFrom("events")
          .select("id")
          .where("dispatched_at", "is", null)
          .execute();
        return pending.length === 0;
      });
      await redis.stop();
      await redis.start(); // empty: no persistence
      // The worker side, started after the restart.
      const consumer = new JobRuntime(
        ctx,
        registry,
        new BullmqQueue({ url: redis.url, prefix: "lcq2", logger: silent }),
      );
      consumer.consume(4);
      try {
        await waitFor(() => handled.length === ids.length, 20_000);
        await sleep(500);
        expect(new Set(handled).size).toBe(ids.length);
        expect(handled.length).toBe(ids.length);
        await waitFor(async () => {
          const open = await ctx.database.db
            .selectFrom("events")
            .select("id")
            .where("handled_at", "is", null)
            .execute();
          return open.length === 0;
        }, 10_000);
      } finally {
        await relay.stop();
        await consumer.close(1000);
        await producer.close(1000);
      }
    });
  });

  describe("outbox after a job failed on its last attempt", () => {
    let db: JobsTestDb;
    beforeAll(async () => {
      db = await createJobsTestDb("sqlite");
    });
    afterAll(async () => db?.close());

    // The cluster suite's database outage (20 s, longer than a job's retries) left 15 events never handled: the
    // failed jobs are kept under their ids, so the redelivery's add with the same id was refused, counted, and
    // after 20 such passes the relay gave up and marked the events handled.
    it("runs the job again through the redelivery", {
      timeout: 60_000,
    }, async () => {
      const ctx = db.context({ REDIS_URL: redis.url, REDIS_PREFIX: "lcq3:" });
      let failing = true;
      let failures = 0;
      const handled: string[] = [];
      const registry = new JobRegistry();
      subscribeIn(
        registry,
        "lesson.completed",
        "test.outage",
        async (_ctx, event) => {
          if (failing) {
            failures++;
            throw new Error("connect ECONNREFUSED (the database is down)");
          }
          await event.once(async () => {
            handled.push(event.id);
          });
        },
        { attempts: 2, backoffMs: 50 },
      );
      const runtime = new JobRuntime(
        ctx,
        registry,
        new BullmqQueue({ url: redis.url, prefix: "lcq3", logger: silent }),
      );
      const relay = new OutboxRelay(runtime, { pollMs: 100, redeliverAfterMs: 700, maxRedeliveries: 3 });
      relay.start();
      runtime.consume(2);
      try {
        const id = await ctx.database.db
          .transaction()
          .execute((trx) => writeEvent(trx, { organizationId: null, type: "lesson.completed", payload: {} }));
        notifyEventsWritten();
        await waitFor(() => failures >= 2, 10_000);
        await sleep(300);
        failing = false;
        await waitFor(() => handled.length === 1, 15_000);
        expect(handled).toEqual([id]);
        await waitFor(async () => {
          const row = await ctx.database.db
            .selectFrom("events")
            .select("handled_at")
            .where("id", "=", id)
            .executeTakeFirst();
          return row?.handled_at != null;
        }, 10_000);
      } finally {
        await relay.stop();
        await runtime.close(1000);
      }
    });
  });

  describe("requests while Redis is hung or down", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp("sqlite", { REDIS_URL: redis.url, REDIS_PREFIX: "lcq3:" });
    });
    afterAll(async () => {
      redis.resume();
      await t?.close();
    });

    for (const fault of ["hung", "stopped"] as const) {
      it(`logs in, signs up and joins, and /readyz says degraded, while Redis is ${fault}`, {
        timeout: 60_000,
      }, async () => {
        const owner = await signUp(t.app);
        if (fault === "hung") redis.pause();
        else await redis.stop();
        try {
          const started = Date.now();
          const login = await within(
            5000,
            new Client(t.app).post("/api/v1/auth/login", { email: owner.email, password: owner.password }),
          );
          const signup = await within(
            5000,
            new Client(t.app).post("/api/v1/auth/signup", {
              organizationName: "During",
              name: "N",
              email: uniqueEmail("redis"),
              password: "correct horse battery",
            }),
          );
          const join = await within(
            5000,
            new Client(t.app).post("/api/v1/auth/join", {
              code: "NOPE-NOPE",
              name: "S",
              email: uniqueEmail("join"),
              password: "correct horse battery",
            }),
          );
          const ready = await within(5000, t.app.inject({ method: "GET", url: "/readyz" }));
          const took = Date.now() - started;
          const status = (r: typeof login) => (r === "hung" ? "hung" : r.statusCode);
          expect([status(login), status(signup), status(join), status(ready)]).toEqual([200, 201, 404, 200]);
          expect(ready !== "hung" && ready.json()).toMatchObject({ status: "degraded", checks: { database: "ok" } });
          expect(took).toBeLessThan(10_000);
        } finally {
          if (fault === "hung") redis.resume();
          else await redis.start();
        }
        await waitFor(
          async () => (await t.app.inject({ method: "GET", url: "/readyz" })).json().status === "ready",
          10_000,
          200,
        );
      });
    }
  });
});
