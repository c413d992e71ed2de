/** The same job through both adapters: retries with exponential backoff, giving up, dedupe, delay, concurrency, close. */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { dropRedisPrefix, sleep, testRedisUrl, uniquePrefix, waitFor } from "../../../test/worker-harness.ts";
import { BullmqQueue } from "./bullmq-queue.ts";
import { InProcessQueue } from "./in-process-queue.ts";
import { backoffDelay, type Queue, type QueuedJob } from "./queue.ts";

const redisUrl = testRedisUrl("queue adapters");
const logger = pino({ level: "silent" });

const adapters: [string, () => { queue: Queue; cleanup: () => Promise<void> }][] = [
  ["in-process", () => ({ queue: new InProcessQueue(), cleanup: async () => {} })],
];
if (redisUrl) {
  adapters.push([
    "bullmq",
    () => {
      const prefix = uniquePrefix();
      return {
        queue: new BullmqQueue({ url: redisUrl, prefix, logger }),
        cleanup: () => dropRedisPrefix(redisUrl, prefix),
      };
    },
  ]);
}

it("backs off exponentially", () => {
  expect([1, 2, 3, 4].map((a) => backoffDelay(a, 100))).toEqual([100, 200, 400, 800]);
});

describe.each(adapters)("%s queue", (_kind, make) => {
  let current: ReturnType<typeof make> | null = null;
  const open = () => {
    current = make();
    return current.queue;
  };
  afterEach(async () => {
    await current?.queue.close(1000);
    await current?.cleanup();
    current = null;
  });

  it("retries a failing job with exponential backoff until it succeeds", async () => {
    const queue = open();
    const runs: { at: number; job: QueuedJob }[] = [];
    queue.consume(
      async (job) => {
        runs.push({ at: Date.now(), job });
        if (job.attempt < 3) throw new Error("flaky");
      },
      { concurrency: 2 },
    );
    await queue.enqueue("test.flaky", { lesson: "past simple" }, { attempts: 5, backoffMs: 150 });
    await waitFor(() => runs.length === 3);
    await sleep(400);
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => r.job.attempt)).toEqual([1, 2, 3]);
    expect(runs.every((r) => r.job.maxAttempts === 5 && r.job.name === "test.flaky")).toBe(true);
    expect(runs[2]?.job.data).toEqual({ lesson: "past simple" });
    const gap1 = (runs[1]?.at ?? 0) - (runs[0]?.at ?? 0);
    const gap2 = (runs[2]?.at ?? 0) - (runs[1]?.at ?? 0);
    expect(gap1).toBeGreaterThanOrEqual(140);
    expect(gap2).toBeGreaterThanOrEqual(290); // twice the first wait
  });

  it("gives up after the last attempt", async () => {
    const queue = open();
    const attempts: number[] = [];
    queue.consume(
      async (job) => {
        attempts.push(job.attempt);
        throw new Error("always");
      },
      { concurrency: 1 },
    );
    await queue.enqueue("test.broken", {}, { attempts: 2, backoffMs: 50 });
    await waitFor(() => attempts.length === 2);
    await sleep(300);
    expect(attempts).toEqual([1, 2]);
  });

  it("adds a job id once while it is still known, and honours delay", async () => {
    const queue = open();
    const seen: string[] = [];
    await queue.enqueue("test.once", { n: 1 }, { jobId: "same-id", delay: 300 });
    await queue.enqueue("test.once", { n: 2 }, { jobId: "same-id" });
    expect(await queue.depth()).toBe(1);
    const started = Date.now();
    let ranAt = 0;
    queue.consume(
      async (job) => {
        seen.push(`${job.id}:${(job.data as { n: number }).n}`);
        ranAt = Date.now();
      },
      { concurrency: 1 },
    );
    await waitFor(() => seen.length === 1);
    expect(ranAt - started).toBeGreaterThanOrEqual(200);
    await sleep(200);
    expect(seen).toEqual(["same-id:1"]);
  });

  it("runs at most `concurrency` jobs at once", async () => {
    const queue = open();
    let active = 0;
    let peak = 0;
    let done = 0;
    queue.consume(
      async () => {
        active++;
        peak = Math.max(peak, active);
        await sleep(60);
        active--;
        done++;
      },
      { concurrency: 2 },
    );
    for (let i = 0; i < 6; i++) await queue.enqueue("test.slow", { i });
    await waitFor(() => done === 6);
    expect(peak).toBe(2);
  });

  it("lets a running job finish when closed", async () => {
    const queue = open();
    let finished = false;
    let started = false;
    queue.consume(
      async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
      { concurrency: 1 },
    );
    await queue.enqueue("test.long", {});
    await waitFor(() => started);
    await queue.close(5000);
    expect(finished).toBe(true);
  });
});
