/**
 * The job runtime of one process: a registry, a queue (BullMQ with REDIS_URL, else in process) and the context
 * handlers receive. It validates names on enqueue, and around every run it measures, logs and rethrows, so the
 * queue can retry with backoff.
 *
 *   await ctx.jobs.enqueue("calibration.recompute", { organizationId, classId }, { jobId: `calibration.${classId}` });
 *
 * Prefer the outbox for work caused by a change (write an event in the transaction, subscribe to it): an event
 * survives any crash, whereas a job enqueued in process memory (the embedded mode) does not.
 */
import type { AppContext } from "../context.ts";
import { BullmqQueue } from "../infra/queue/bullmq-queue.ts";
import { InProcessQueue } from "../infra/queue/in-process-queue.ts";
import type { EnqueueOptions, Processor, Queue, QueuedJob } from "../infra/queue/queue.ts";
import { addDepthSource, recordCompleted, recordFailed } from "./metrics.ts";
import { type JobRegistry, jobs } from "./registry.ts";
// Every module's jobs, subscribers and schedules, registered into `jobs` as this file loads. Module code reaches
// the queue through `ctx.jobs` (below), never by importing this file, so this import makes no cycle.
import "./modules.ts";

export class JobRuntime {
  private closed: Promise<void> | null = null;
  private readonly removeDepth: () => void;

  constructor(
    readonly ctx: AppContext,
    readonly registry: JobRegistry,
    readonly queue: Queue,
  ) {
    this.removeDepth = addDepthSource(() => queue.depth());
  }

  /** Adds a job; throws for a name nobody registered, before anything reaches the queue. */
  async enqueue(name: string, data: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const def = this.registry.get(name);
    return this.queue.enqueue(name, data ?? {}, { attempts: def.attempts, backoffMs: def.backoffMs, ...opts });
  }

  /** The outbox's redelivery of one subscriber's job (see Queue.requeue); a queue without it gets a plain add. */
  async requeue(name: string, data: unknown, jobId: string): Promise<"pending" | "sent"> {
    const def = this.registry.get(name);
    const opts = { attempts: def.attempts, backoffMs: def.backoffMs, jobId };
    if (this.queue.requeue) return this.queue.requeue(name, data ?? {}, opts);
    await this.queue.enqueue(name, data ?? {}, opts);
    return "sent";
  }

  readonly process: Processor = async (job: QueuedJob) => {
    const started = performance.now();
    const log = this.ctx.logger.child({ job: job.name, jobId: job.id, attempt: job.attempt });
    try {
      const def = this.registry.get(job.name);
      await def.handler(this.ctx, job.data, { id: job.id, attempt: job.attempt, maxAttempts: job.maxAttempts });
      const ms = performance.now() - started;
      recordCompleted(job.name, ms);
      log.debug({ ms: Math.round(ms) }, "job completed");
    } catch (err) {
      const ms = performance.now() - started;
      const final = job.attempt >= job.maxAttempts;
      recordFailed(job.name, ms, final, err as Error);
      // Earlier attempts are expected noise (a network blip); the last one is someone's problem.
      if (final) log.error({ err, maxAttempts: job.maxAttempts }, "job failed on its last attempt");
      else log.warn({ err: (err as Error).message }, "job attempt failed; will retry");
      throw err;
    }
  };

  consume(concurrency: number): void {
    this.queue.consume(this.process, { concurrency });
  }

  close(timeoutMs = 20_000): Promise<void> {
    this.closed ??= (async () => {
      this.removeDepth();
      await this.queue.close(timeoutMs);
      if (runtimes.get(this.ctx) === this) runtimes.delete(this.ctx);
    })();
    return this.closed;
  }
}

export function createQueue(ctx: AppContext): Queue {
  if (!ctx.config.REDIS_URL) return new InProcessQueue();
  return new BullmqQueue({ url: ctx.config.REDIS_URL, prefix: ctx.config.REDIS_PREFIX, logger: ctx.logger });
}

const runtimes = new WeakMap<AppContext, JobRuntime>();

/**
 * The runtime of this context, made on first use with the process's registry (every module's jobs loaded) and the
 * configured queue. background.ts and the worker start its consumers; elsewhere it only produces.
 */
export async function jobRuntime(ctx: AppContext): Promise<JobRuntime> {
  const existing = runtimes.get(ctx);
  if (existing) return existing;
  const runtime = new JobRuntime(ctx, jobs, createQueue(ctx));
  runtimes.set(ctx, runtime);
  ctx.onClose(() => runtime.close());
  return runtime;
}

export async function enqueue(ctx: AppContext, name: string, data: unknown, opts?: EnqueueOptions): Promise<string> {
  return (await jobRuntime(ctx)).enqueue(name, data, opts);
}

/** What a context offers its code for jobs (`ctx.jobs`): enqueue, and whether this process runs the job system. */
export interface ContextJobs {
  /** Adds a job (its runtime made on first use); throws for a name nobody registered. */
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): Promise<string>;
  /**
   * This context has a job runtime (the API's background, a worker, the relay): work handed to the queue will be
   * run. False in a script or a test that never started jobs, where callers do the work in process instead.
   */
  readonly started: boolean;
}

export function contextJobs(ctx: AppContext): ContextJobs {
  return {
    enqueue: (name, data, opts) => enqueue(ctx, name, data, opts),
    get started() {
      return runtimes.has(ctx);
    },
  };
}
