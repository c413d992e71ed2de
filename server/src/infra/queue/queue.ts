/**
 * The job queue: BullMQ on Redis when REDIS_URL is set, else an in-process runner. Both honour the same contract,
 * so job code never knows which one runs it:
 * - `enqueue(name, data, {jobId, delay, attempts})`: a jobId already waiting, delayed or running is not added again;
 * - `consume(processor, {concurrency})`: at most `concurrency` jobs at once in this process;
 * - a throwing processor is retried `attempts` times in all, after `backoffMs * 2^(attempt-1)` each time;
 * - `close(timeoutMs)`: stop taking jobs, let running ones finish within the timeout, hand the rest back.
 * Job names and handlers live a level up (jobs/registry.ts); this layer moves opaque JSON.
 */

export interface EnqueueOptions {
  /** Deduplicates: a job with this id that is still waiting, delayed or running is not added twice. */
  jobId?: string;
  /**
   * The jobId dedupes only while the job is waiting, delayed or running; once it has finished, the same id runs
   * again. For work asked for again and again (a recompute after every change): a queue that keeps finished jobs
   * for a day (BullMQ) would otherwise drop every later request.
   */
  pendingOnly?: boolean;
  /** Milliseconds before the job becomes runnable. */
  delay?: number;
  /** Runs in all, counting the first (default 5). */
  attempts?: number;
  /** Base of the exponential backoff between attempts (default 1000 ms). */
  backoffMs?: number;
}

/** What a processor is told about the job it runs. */
export interface QueuedJob {
  id: string;
  name: string;
  data: unknown;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
}

export type Processor = (job: QueuedJob) => Promise<void>;

export interface Queue {
  readonly kind: "bullmq" | "in-process";
  /**
   * True when an accepted job survives this process dying (Redis). The outbox relay marks an event dispatched
   * only once a durable queue has it, or once a non-durable one has finished it.
   */
  readonly durable: boolean;
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): Promise<string>;
  consume(processor: Processor, opts: { concurrency: number }): void;
  /** Jobs waiting or delayed (not running): the backlog. */
  depth(): Promise<number>;
  /** Resolves when the job has completed or failed for the last time (in-process only; see `durable`). */
  settled?(jobId: string): Promise<void>;
  /**
   * For the outbox's redelivery (durable queues): sends the job `opts.jobId` again unless it is still waiting,
   * delayed or running ("pending": only slow). A job that failed for the last time is run again from its first
   * attempt ("sent"): a plain enqueue with its id would be refused for as long as the failed job is kept.
   */
  requeue?(name: string, data: unknown, opts: EnqueueOptions & { jobId: string }): Promise<"pending" | "sent">;
  close(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

/** The wait before attempt `attempt + 1`, after `attempt` failures: base, 2×base, 4×base… */
export function backoffDelay(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the job queue is unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.cause = cause;
  }
}
