/**
 * Schedules: each module's periodic work, at its own interval (`JOBS_<MODULE>_INTERVAL` seconds, else the
 * fallback). A schedule only enqueues; the job does the work. Time is cut into slots of one interval
 * (slot = floor(now / interval)), and for each slot exactly one instance wins the database lease
 * `schedule:<module>:<job>` (held until the slot ends), so with any number of workers the job is enqueued once per
 * interval. The job id names the slot too, so even a clock-skewed double would be deduplicated by the queue.
 *
 *   schedule("webhooks", "webhooks.sweep", 60);      // every JOBS_WEBHOOKS_INTERVAL s, default 60
 *   schedule("alerts", "alerts.check", 300);         // notifications.jobs.ts
 */
import { jobInterval } from "../config.ts";
import { newId, nowIso } from "../lib/ids.ts";
import { releaseLease, tryAcquireLease } from "./jobs.repository.ts";
import { jobs, type ScheduleDefinition } from "./registry.ts";
import type { JobRuntime } from "./runtime.ts";

export function schedule(module: string, job: string, fallbackSeconds: number, data?: unknown): void {
  jobs.addSchedule({ module, job, fallbackSeconds, data });
}

export const scheduleLeaseName = (s: ScheduleDefinition) => `schedule:${s.module}:${s.job}`;

export class Scheduler {
  /** Who holds leases: one id per running scheduler (process), visible in job_locks for operators. */
  readonly holder: string;
  private timers = new Map<ScheduleDefinition, NodeJS.Timeout>();
  private stopped = false;
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly runtime: JobRuntime,
    opts: { holder?: string } = {},
  ) {
    this.holder = opts.holder ?? `scheduler-${newId()}`;
  }

  intervalMs(s: ScheduleDefinition): number {
    return jobInterval(this.runtime.ctx.config, s.module, s.fallbackSeconds) * 1000;
  }

  /** Runs every schedule's current slot now (a restart does not skip a long interval), then at each boundary. */
  start(): void {
    for (const s of this.runtime.registry.schedules) this.fire(s);
  }

  /**
   * Tries the slot containing `now` for one schedule: true when this instance won it and enqueued the job.
   * Exposed for tests, which drive the clock themselves.
   */
  async runSlot(s: ScheduleDefinition, now = Date.now()): Promise<boolean> {
    const interval = this.intervalMs(s);
    const slot = Math.floor(now / interval);
    const db = this.runtime.ctx.database.db;
    const name = scheduleLeaseName(s);
    if (!(await tryAcquireLease(db, name, this.holder, nowIso((slot + 1) * interval), nowIso(now)))) return false;
    try {
      await this.runtime.enqueue(s.job, s.data ?? {}, { jobId: `schedule.${s.module}.${s.job}.${slot}` });
      return true;
    } catch (err) {
      // Give the slot back so that another instance (or our next tick) can try while it still lasts.
      await releaseLease(db, name, this.holder).catch(() => {});
      this.runtime.ctx.logger.warn({ err: (err as Error).message, schedule: s.module, job: s.job }, "schedule missed");
      return false;
    }
  }

  private fire(s: ScheduleDefinition): void {
    if (this.stopped) return;
    const run = this.runSlot(s).catch((err) =>
      this.runtime.ctx.logger.warn({ err: (err as Error).message, schedule: s.module }, "schedule tick failed"),
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    const interval = this.intervalMs(s);
    // A few milliseconds past the boundary, so that the new slot has begun on this clock.
    const wait = interval - (Date.now() % interval) + 5;
    this.timers.set(
      s,
      setTimeout(() => this.fire(s), wait),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.running);
  }
}
