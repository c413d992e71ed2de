/**
 * The embedded queue: jobs live in this process's memory and run on its event loop. It keeps the BullMQ contract
 * (dedupe by jobId, concurrency, retries with exponential backoff, JSON data) so job code runs the same both ways.
 * Not durable: a job still waiting when the process dies is gone, which is why outbox events are marked
 * dispatched only after their jobs settle here (see outbox-relay.ts) — the database, not memory, is the backlog.
 */
import { newId } from "../../lib/ids.ts";
import {
  backoffDelay,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type EnqueueOptions,
  type Processor,
  type Queue,
} from "./queue.ts";

interface Entry {
  id: string;
  name: string;
  data: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  state: "delayed" | "waiting" | "active";
  timer?: NodeJS.Timeout;
  settled: Promise<void>;
  settle: () => void;
}

export class InProcessQueue implements Queue {
  readonly kind = "in-process" as const;
  readonly durable = false;
  /** Every job not yet settled, by id: the dedupe set. */
  private readonly entries = new Map<string, Entry>();
  private readonly ready: Entry[] = [];
  private processor: Processor | null = null;
  private concurrency = 1;
  private running = 0;
  private closing = false;
  private pumpScheduled = false;
  private idleWaiters: (() => void)[] = [];

  async enqueue(name: string, data: unknown, opts: EnqueueOptions = {}): Promise<string> {
    if (this.closing) throw new Error("the in-process queue is closing");
    const id = opts.jobId ?? newId();
    if (this.entries.has(id)) return id;
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const entry: Entry = {
      id,
      name,
      // A JSON round trip, as Redis would do: a job must not share objects with its producer.
      data: data === undefined ? undefined : JSON.parse(JSON.stringify(data)),
      attempt: 1,
      maxAttempts: Math.max(1, opts.attempts ?? DEFAULT_ATTEMPTS),
      backoffMs: opts.backoffMs ?? DEFAULT_BACKOFF_MS,
      state: "waiting",
      settled,
      settle,
    };
    this.entries.set(id, entry);
    if (opts.delay && opts.delay > 0) this.delay(entry, opts.delay);
    else this.makeReady(entry);
    return id;
  }

  consume(processor: Processor, opts: { concurrency: number }): void {
    if (this.processor) throw new Error("the in-process queue already has a consumer");
    this.processor = processor;
    this.concurrency = Math.max(1, opts.concurrency);
    this.schedulePump();
  }

  async depth(): Promise<number> {
    let n = 0;
    for (const e of this.entries.values()) if (e.state !== "active") n++;
    return n;
  }

  settled(jobId: string): Promise<void> {
    return this.entries.get(jobId)?.settled ?? Promise.resolve();
  }

  /** Resolves when nothing is running and nothing is ready (delayed retries may remain): for tests and drains. */
  idle(): Promise<void> {
    if (this.running === 0 && this.ready.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(timeoutMs = 20_000): Promise<void> {
    this.closing = true;
    // Waiting and delayed jobs are dropped: their source of truth (the outbox, a schedule) brings them back.
    for (const e of this.entries.values()) {
      if (e.timer) clearTimeout(e.timer);
      if (e.state !== "active") this.entries.delete(e.id);
    }
    this.ready.length = 0;
    if (this.running === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private delay(entry: Entry, ms: number): void {
    entry.state = "delayed";
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.makeReady(entry);
    }, ms);
  }

  private makeReady(entry: Entry): void {
    if (this.closing) return;
    entry.state = "waiting";
    this.ready.push(entry);
    this.schedulePump();
  }

  /** Starts jobs on a later turn of the event loop, so that enqueue never runs a job synchronously. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      while (this.processor && !this.closing && this.running < this.concurrency && this.ready.length) {
        void this.run(this.ready.shift() as Entry);
      }
      this.notifyIdle();
    });
  }

  private async run(entry: Entry): Promise<void> {
    const processor = this.processor as Processor;
    entry.state = "active";
    this.running++;
    try {
      await processor({
        id: entry.id,
        name: entry.name,
        data: entry.data,
        attempt: entry.attempt,
        maxAttempts: entry.maxAttempts,
      });
      this.finish(entry);
    } catch {
      // The processor has logged and counted the failure; the queue only decides whether to try again.
      if (entry.attempt < entry.maxAttempts && !this.closing) {
        const wait = backoffDelay(entry.attempt, entry.backoffMs);
        entry.attempt++;
        this.delay(entry, wait);
      } else this.finish(entry);
    } finally {
      this.running--;
      this.schedulePump();
    }
  }

  private finish(entry: Entry): void {
    this.entries.delete(entry.id);
    entry.settle();
  }

  private notifyIdle(): void {
    if (this.running > 0 || (this.ready.length > 0 && !this.closing && this.processor)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
