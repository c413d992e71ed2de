/**
 * The job registry: every job has an explicit name and exactly one handler. Registering a name twice throws at once
 * (at import, i.e. at boot or in the test that does it); enqueueing a name nobody registered throws too; `check()`
 * runs at boot and refuses schedules that name unknown jobs.
 *
 *   registerJob("xapi.send", async (ctx, data: { organizationId: string }) => { … });   // xapi.jobs.ts
 *   await ctx.jobs.enqueue("xapi.send", { organizationId }, { jobId: `xapi.send.${event.id}` });
 *
 * Handlers must be idempotent: a job can run again after a crash, a timeout or a retry.
 */
import type { AppContext } from "../context.ts";

export interface JobInfo {
  id: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
}

// biome-ignore lint/suspicious/noExplicitAny: each handler narrows its own data; the registry stores them alike
export type JobHandler<T = any> = (ctx: AppContext, data: T, job: JobInfo) => Promise<void>;

export interface JobOptions {
  /** Runs in all, counting the first (default 5). */
  attempts?: number;
  /** Base of the exponential backoff (default 1000 ms): base, 2×base, 4×base… */
  backoffMs?: number;
}

export interface JobDefinition extends JobOptions {
  name: string;
  handler: JobHandler;
}

export interface ScheduleDefinition {
  /** The module whose interval is read from JOBS_<MODULE>_INTERVAL (seconds). */
  module: string;
  /** The job enqueued once per interval. */
  job: string;
  fallbackSeconds: number;
  data?: unknown;
}

export class JobRegistryError extends Error {}

/** Lower-case words separated by dots (`xapi.send`, `webhooks.sweep`); ":" is kept for internal names. */
const JOB_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

export class JobRegistry {
  private readonly jobs = new Map<string, JobDefinition>();
  readonly schedules: ScheduleDefinition[] = [];
  /** Subscriber handler name → the event types it listens to ("*" for all); see subscribers.ts. */
  private readonly subscribers = new Map<string, string[]>();

  registerJob<T>(name: string, handler: JobHandler<T>, opts: JobOptions = {}): void {
    if (!JOB_NAME.test(name)) throw new JobRegistryError(`job name "${name}" must look like "module.action"`);
    this.define({ name, handler, ...opts });
  }

  /** For names this package builds itself (`event:<handler>`), which user names cannot collide with. */
  defineInternal(def: JobDefinition): void {
    this.define(def);
  }

  private define(def: JobDefinition): void {
    if (this.jobs.has(def.name)) throw new JobRegistryError(`job "${def.name}" is registered twice`);
    this.jobs.set(def.name, def);
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }

  get(name: string): JobDefinition {
    const def = this.jobs.get(name);
    if (!def) throw new JobRegistryError(`unknown job "${name}": register it with registerJob() first`);
    return def;
  }

  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  addSchedule(def: ScheduleDefinition): void {
    if (!/^[a-z][a-z0-9_]*$/.test(def.module)) {
      throw new JobRegistryError(`schedule module "${def.module}" must be a lower-case word (JOBS_<MODULE>_INTERVAL)`);
    }
    if (!(def.fallbackSeconds > 0)) throw new JobRegistryError(`schedule ${def.module}: interval must be positive`);
    if (this.schedules.some((s) => s.module === def.module && s.job === def.job)) {
      throw new JobRegistryError(`schedule ${def.module} → ${def.job} is registered twice`);
    }
    this.schedules.push(def);
  }

  addSubscriber(handler: string, types: string[]): void {
    if (this.subscribers.has(handler)) throw new JobRegistryError(`subscriber "${handler}" is registered twice`);
    if (!types.length) throw new JobRegistryError(`subscriber "${handler}" listens to no event type`);
    this.subscribers.set(handler, types);
  }

  /** The handler names an event of this type goes to, in registration order. */
  subscribersOf(type: string): string[] {
    const out: string[] = [];
    for (const [handler, types] of this.subscribers) if (types.includes(type) || types.includes("*")) out.push(handler);
    return out;
  }

  /** The boot check: throws one error listing every problem. */
  check(): void {
    const problems = this.schedules
      .filter((s) => !this.jobs.has(s.job))
      .map((s) => `schedule ${s.module} enqueues unknown job "${s.job}"`);
    if (problems.length) throw new JobRegistryError(`job registry:\n  - ${problems.join("\n  - ")}`);
  }
}

/** The process's registry: module files register into it when jobs/modules.ts imports them. */
export const jobs = new JobRegistry();

export function registerJob<T>(name: string, handler: JobHandler<T>, opts?: JobOptions): void {
  jobs.registerJob(name, handler, opts);
}
