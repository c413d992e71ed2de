/**
 * The queue on Redis (BullMQ): durable, shared by every process, consumed by `languagecloud worker`. One BullMQ
 * queue named "jobs" carries every job; the job's name picks its handler. Keys live under REDIS_PREFIX.
 */
import { Queue as BullQueue, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { connectRedis } from "../redis.ts";
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type EnqueueOptions,
  type Processor,
  type Queue,
  QueueUnavailableError,
} from "./queue.ts";

export const QUEUE_NAME = "jobs";

export interface BullmqQueueOptions {
  url: string;
  /** REDIS_PREFIX; a trailing ":" is dropped because BullMQ adds its own separator. */
  prefix: string;
  logger: Logger;
  /** How long an enqueue may wait for Redis before it counts as failed (the outbox keeps the event). */
  enqueueTimeoutMs?: number;
}

export class BullmqQueue implements Queue {
  readonly kind = "bullmq" as const;
  readonly durable = true;
  private readonly prefix: string;
  private readonly producer: Redis;
  private readonly queue: BullQueue;
  private worker: Worker | null = null;
  private lastWarning = 0;

  constructor(private readonly opts: BullmqQueueOptions) {
    this.prefix = opts.prefix.replace(/:+$/, "") || "lc";
    // The producer fails fast while Redis is down (no offline queue): the relay must learn at once, not hang.
    this.producer = connectRedis(opts.url);
    this.producer.on("error", (err) => this.warn("redis (queue producer)", err));
    this.queue = new BullQueue(QUEUE_NAME, { connection: this.producer, prefix: this.prefix });
    this.queue.on("error", (err) => this.warn("queue", err));
  }

  async enqueue(name: string, data: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const add = this.queue.add(name, data, {
      // BullMQ's deduplication ends when the job completes or fails, where a jobId is refused for as long as the
      // finished job is kept.
      ...(opts.pendingOnly && opts.jobId ? { deduplication: { id: opts.jobId } } : { jobId: opts.jobId }),
      delay: opts.delay,
      attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: "exponential", delay: opts.backoffMs ?? DEFAULT_BACKOFF_MS },
      // Kept a while after they end so that a re-enqueue of the same jobId is still recognized, then trimmed.
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: 7 * 86_400, count: 10_000 },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out")), this.opts.enqueueTimeoutMs ?? 3000);
    });
    try {
      const job = await Promise.race([add, timeout]);
      return job.id as string;
    } catch (err) {
      add.catch(() => {}); // a late failure of the abandoned add must not surface as unhandled
      throw new QueueUnavailableError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  async requeue(name: string, data: unknown, opts: EnqueueOptions & { jobId: string }): Promise<"pending" | "sent"> {
    try {
      const job = await this.queue.getJob(opts.jobId);
      if (job) {
        const state = await job.getState();
        if (state === "failed") {
          // Failed on its last attempt (a database outage longer than its retries): kept a week under its id.
          await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
          return "sent";
        }
        // Completed without its subscriber's record (it rolled back after the job ended), or gone meanwhile.
        if (state === "completed" || state === "unknown") await job.remove();
        else return "pending";
      }
    } catch (err) {
      throw new QueueUnavailableError(err);
    }
    await this.enqueue(name, data, opts);
    return "sent";
  }

  consume(processor: Processor, opts: { concurrency: number }): void {
    if (this.worker) throw new Error("this queue already has a consumer");
    // Workers block on Redis, so they get connections that wait for Redis to come back instead of failing.
    const connection = connectRedis(this.opts.url, { forQueue: true });
    connection.on("error", (err) => this.warn("redis (queue worker)", err));
    this.worker = new Worker(
      QUEUE_NAME,
      async (job: Job) =>
        processor({
          id: job.id as string,
          name: job.name,
          data: job.data,
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? 1,
        }),
      { connection, prefix: this.prefix, concurrency: Math.max(1, opts.concurrency) },
    );
    this.worker.on("error", (err) => this.warn("queue worker", err));
    const closeConnection = () => connection.disconnect();
    this.worker.once("closed", closeConnection);
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts("waiting", "delayed", "prioritized", "paused");
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /**
   * Lets running jobs finish within the timeout; past it, closes by force: their locks lapse and BullMQ hands them
   * to another worker as stalled jobs, so nothing is lost.
   */
  async close(timeoutMs = 20_000): Promise<void> {
    if (this.worker) {
      const worker = this.worker;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        worker.close().then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.opts.logger.warn({ timeoutMs }, "jobs still running at shutdown; returning them to the queue");
        await worker.close(true);
      }
    }
    await this.queue.close().catch(() => {});
    this.producer.disconnect();
  }

  /** Redis being down produces an error per reconnection attempt; one line every 10 s is enough. */
  private warn(source: string, err: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.opts.logger.warn({ err: err.message, source }, "job queue: redis error");
  }
}
