/**
 * The outbox relay: hands events written by committed transactions to the queue, one job per subscriber.
 *
 * - When: at once when this process wrote events (onEventsWritten), and every `pollMs` for events written by
 *   other processes or left over by a failure.
 * - Who: one relay at a time across all processes, by the `outbox.relay` lease taken for each pass, so that
 *   passes never overlap; a crashed holder's lease lapses after `leaseMs`.
 * - Order of writes: enqueue first (with a job id derived from handler and event), mark `dispatched_at` after.
 *   A crash in between re-enqueues the same job ids, which the queue refuses and `processed_events` would skip
 *   anyway: nothing lost, nothing handled twice.
 * - Redis down: the enqueue fails, `attempts` goes up, the event stays pending and the relay backs off
 *   (1 s, 2 s, 4 s… up to `maxBackoffMs`); the backlog waits in the database until Redis is back.
 * - In-process queue (not durable): an event is marked only once its jobs have settled, so a process dying
 *   with jobs in memory leaves the event pending for the next start.
 * - Queued is not handled: a Redis that restarts empty (no persistence) or loses a job forgets what it was given.
 *   Every pass also looks at events queued more than `redeliverAfterMs` ago and not yet `handled_at`: those whose
 *   every subscriber has recorded them in processed_events are marked handled; the others have the missing
 *   subscribers' jobs sent again (same job ids: a job still waiting is not added twice, and processed_events makes
 *   a second run a no-op). After `maxRedeliveries` an event is left as it is and logged as an error.
 */
import { newId, nowIso } from "../lib/ids.ts";
import { onEventsWritten } from "../modules/events/outbox.ts";
import * as repo from "./jobs.repository.ts";
import type { JobRuntime } from "./runtime.ts";
import { eventJobId, eventJobName, type OutboxEventData } from "./subscribers.ts";

export const RELAY_LEASE = "outbox.relay";

export interface RelayOptions {
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a queued event may stay unhandled before its jobs are sent again (default 60 s). */
  redeliverAfterMs?: number;
  maxRedeliveries?: number;
  holder?: string;
}

export interface RelayPass {
  dispatched: number;
  /** Events whose lost jobs were sent again in this pass. */
  redelivered: number;
  /** Another relay held the lease. */
  busy: boolean;
  /** The batch was full: more may be waiting. */
  full: boolean;
  failed: boolean;
}

/** Events whose in-process jobs are still running, at most; beyond it the relay waits (backpressure). */
const MAX_IN_FLIGHT = 1000;

export class OutboxRelay {
  readonly holder: string;
  private readonly o: Required<Omit<RelayOptions, "holder">>;
  private readonly inFlight = new Set<string>();
  private failures = 0;
  private retryAt = 0;
  private poll: NodeJS.Timeout | null = null;
  private busyRetry: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly runtime: JobRuntime,
    opts: RelayOptions = {},
  ) {
    this.holder = opts.holder ?? `relay-${newId()}`;
    this.o = {
      pollMs: opts.pollMs ?? 1000,
      batchSize: opts.batchSize ?? 100,
      leaseMs: opts.leaseMs ?? 30_000,
      baseBackoffMs: opts.baseBackoffMs ?? 1000,
      maxBackoffMs: opts.maxBackoffMs ?? 30_000,
      redeliverAfterMs: opts.redeliverAfterMs ?? 60_000,
      maxRedeliveries: opts.maxRedeliveries ?? 20,
    };
  }

  start(): void {
    this.unsubscribe = onEventsWritten(() => this.trigger());
    this.poll = setInterval(() => this.trigger(), this.o.pollMs);
    this.trigger();
  }

  /** Asks for a pass soon; calls during a pass fold into one more pass after it. */
  trigger(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.loop().finally(() => {
      this.pass = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const r = await this.runOnce().catch((err) => {
        this.runtime.ctx.logger.warn({ err: (err as Error).message }, "outbox relay pass failed");
        this.backOff();
        return null;
      });
      if (r?.full && !r.failed) this.again = true;
      // Someone else is mid-pass and may have read before our commit: look again shortly.
      if (r?.busy && !this.busyRetry && !this.stopped) {
        this.busyRetry = setTimeout(() => {
          this.busyRetry = null;
          this.trigger();
        }, 100);
      }
      // Yield between batches so a large backlog never holds the event loop.
      if (this.again) await new Promise((resolve) => setImmediate(resolve));
    } while (this.again && !this.stopped);
  }

  /** One pass: at most one batch. Exposed for tests. */
  async runOnce(): Promise<RelayPass> {
    const none = { dispatched: 0, redelivered: 0, busy: false, full: false, failed: false };
    if (Date.now() < this.retryAt) return none;
    const { queue, registry, ctx } = this.runtime;
    if (!queue.durable && this.inFlight.size >= MAX_IN_FLIGHT) return none;
    const db = ctx.database.db;
    const now = Date.now();
    if (!(await repo.tryAcquireLease(db, RELAY_LEASE, this.holder, nowIso(now + this.o.leaseMs), nowIso(now)))) {
      return { ...none, busy: true };
    }
    try {
      const rows = await repo.pendingEvents(db, this.o.batchSize, queue.durable ? [] : [...this.inFlight]);
      const done: string[] = [];
      const idle: string[] = [];
      let failed = false;
      for (const row of rows) {
        const handlers = registry.subscribersOf(row.type);
        const data = toEventData(row);
        const jobIds: string[] = [];
        try {
          for (const h of handlers) {
            jobIds.push(await this.runtime.enqueue(eventJobName(h), data, { jobId: eventJobId(h, row.id) }));
          }
        } catch (err) {
          failed = true;
          await repo.countDispatchFailure(db, row.id);
          this.backOff();
          ctx.logger.warn(
            { err: (err as Error).message, eventId: row.id, attempts: row.attempts + 1, retryInMs: this.retryAt - now },
            "outbox relay: queue unavailable; events stay pending",
          );
          break;
        }
        if (!jobIds.length) idle.push(row.id);
        else if (queue.durable) done.push(row.id);
        else this.markWhenSettled(row.id, jobIds);
      }
      await repo.markDispatched(db, done);
      await repo.markDispatched(db, idle, nowIso(), true);
      const redelivered = failed || !queue.durable ? 0 : await this.redeliver();
      if (!failed) this.failures = 0;
      return {
        dispatched: done.length + idle.length,
        redelivered,
        busy: false,
        full: rows.length === this.o.batchSize,
        failed,
      };
    } finally {
      await repo.releaseLease(db, RELAY_LEASE, this.holder).catch(() => {});
    }
  }

  /** Marks handled what was handled, sends again what was queued and lost; returns how many events it re-sent. */
  private async redeliver(): Promise<number> {
    const { registry, ctx } = this.runtime;
    const db = ctx.database.db;
    const rows = await repo.unhandledEvents(db, nowIso(Date.now() - this.o.redeliverAfterMs), this.o.batchSize);
    if (!rows.length) return 0;
    const processed = await repo.processedHandlers(
      db,
      rows.map((r) => r.id),
    );
    const handled: string[] = [];
    const resent: string[] = [];
    const waiting: string[] = [];
    for (const row of rows) {
      const done = processed.get(row.id);
      const missing = registry.subscribersOf(row.type).filter((h) => !done?.has(h));
      if (!missing.length) {
        handled.push(row.id);
        continue;
      }
      if (row.attempts > this.o.maxRedeliveries) {
        ctx.logger.error(
          { eventId: row.id, type: row.type, missing },
          "outbox relay: event still unhandled; giving up",
        );
        handled.push(row.id);
        continue;
      }
      const data = toEventData(row);
      let sent = false;
      for (const h of missing) {
        const jobId = eventJobId(h, row.id);
        sent = (await this.runtime.requeue(eventJobName(h), data, jobId)) === "sent" || sent;
      }
      // Only a job really sent again counts toward maxRedeliveries: one still waiting behind a backlog is slow, not
      // lost, and giving up on it (as when every pass counted) marked unhandled events handled.
      if (sent) resent.push(row.id);
      else waiting.push(row.id);
    }
    await repo.markHandled(db, handled);
    await repo.markRedelivered(db, resent);
    await repo.markRedelivered(db, waiting, nowIso(), false);
    if (resent.length)
      ctx.logger.warn({ events: resent.length }, "outbox relay: re-sent jobs that were queued but never handled");
    return resent.length;
  }

  private markWhenSettled(eventId: string, jobIds: string[]): void {
    const { queue, ctx } = this.runtime;
    this.inFlight.add(eventId);
    void Promise.all(jobIds.map((id) => queue.settled?.(id)))
      .then(() => repo.markDispatched(ctx.database.db, [eventId], nowIso(), true))
      .catch((err) => ctx.logger.warn({ err: (err as Error).message, eventId }, "outbox relay: mark failed"))
      .finally(() => this.inFlight.delete(eventId));
  }

  private backOff(): void {
    this.failures++;
    const wait = Math.min(this.o.maxBackoffMs, this.o.baseBackoffMs * 2 ** (this.failures - 1));
    this.retryAt = Date.now() + wait;
  }

  /** Stops triggering; waits for the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
    if (this.busyRetry) clearTimeout(this.busyRetry);
    await this.pass;
  }
}

function toEventData(row: {
  id: string;
  organization_id: string | null;
  type: string;
  payload: string;
  created_at: string;
}): OutboxEventData {
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(row.payload) as Record<string, unknown>;
  } catch {
    // writeEvent stores JSON.stringify output; anything else was written by hand and is delivered empty.
  }
  return { id: row.id, organizationId: row.organization_id, type: row.type, payload, createdAt: row.created_at };
}
