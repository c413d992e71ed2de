/**
 * The background work of a process. `serve` without Redis runs everything here (the embedded mode): the in-process
 * queue's consumers, the outbox relay and the schedules. `serve` with Redis runs only the relay, so that events go
 * to the queue the moment they commit; `languagecloud worker` processes consume and run the schedules.
 */
import type { AppContext } from "./context.ts";
import { installJobObservers } from "./infra/metrics/statsd.ts";
import { warnWithoutPersistence } from "./infra/redis.ts";
import { OutboxRelay, type RelayOptions } from "./jobs/outbox-relay.ts";
import { jobRuntime } from "./jobs/runtime.ts";
import { Scheduler } from "./jobs/schedules.ts";

export interface Background {
  stop(): Promise<void>;
}

export interface JobsOptions {
  /** Run the queue consumers and the schedules, not only the relay. */
  consume: boolean;
  concurrency?: number;
  /** How long stop() lets running jobs finish before handing them back (default 20 s). */
  shutdownMs?: number;
  relay?: RelayOptions;
}

/** Jobs run at once per process unless JOBS_CONCURRENCY says otherwise. */
export function jobsConcurrency(ctx: AppContext): number {
  return ctx.config.JOBS_CONCURRENCY;
}

/** OUTBOX_REDELIVER_SECONDS: how long a queued event may stay unhandled before its jobs are sent again. */
function redeliverAfterMs(ctx: AppContext): number | undefined {
  const n = Number(ctx.config.raw.OUTBOX_REDELIVER_SECONDS);
  return Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}

export async function startJobs(ctx: AppContext, opts: JobsOptions): Promise<Background> {
  const runtime = await jobRuntime(ctx);
  runtime.registry.check();
  installJobObservers(ctx);
  if (runtime.queue.kind === "bullmq" && ctx.redis) void warnWithoutPersistence(ctx.redis, ctx.logger);
  if (opts.consume) runtime.consume(opts.concurrency ?? jobsConcurrency(ctx));
  const relay = new OutboxRelay(runtime, { redeliverAfterMs: redeliverAfterMs(ctx), ...opts.relay });
  relay.start();
  const scheduler = opts.consume ? new Scheduler(runtime) : null;
  scheduler?.start();
  ctx.logger.info(
    { queue: runtime.queue.kind, consume: opts.consume, jobs: runtime.registry.names().length },
    "background jobs started",
  );
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        // Producers first (nothing new comes in), then the consumers get their grace period.
        await relay.stop();
        await scheduler?.stop();
        await runtime.close(opts.shutdownMs ?? 20_000);
      })();
      return stopping;
    },
  };
}
