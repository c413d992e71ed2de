/**
 * Event subscribers: how a module reacts to outbox events (mail, webhooks, live statistics…).
 *
 *   import { subscribe } from "../../jobs/subscribers.ts";
 *
 *   // experiments.jobs.ts: database work that is idempotent by itself (it looks for the participant row first).
 *   subscribe("student.joined", "experiments.deal_late_joiner", async (ctx, event) => {
 *     await dealLateJoiner(ctx, event.organizationId, event.payload.classId, event.payload.userId);
 *   });
 *
 * Database work that is not idempotent by itself goes in `event.once(async (trx) => { … })`, which records
 * (handler, event id) in the same transaction, so a second delivery finds the row and does nothing: exactly once.
 * Work outside the database (SMTP, HTTP: `notifications.mail`, `webhooks.fan_out`) keeps no transaction open during
 * it (SQLite has one connection): the handler runs, then (handler, event id) is recorded; a crash in between means
 * one more delivery, so it passes event.id on as the idempotency key (Message-ID, webhook delivery id). A list of
 * types subscribes to each of them, "*" to every type.
 *
 * Rules: the handler name is unique and stable (it keys `processed_events`); the module's file is imported by
 * jobs/modules.ts;
 * a throwing handler is retried with exponential backoff and logged on its last attempt. Each subscriber runs as
 * its own job named `event:<handler>`, so one failing subscriber never holds back another.
 */
import type { AppContext } from "../context.ts";
import type { Trx } from "../db/types.ts";
import * as repo from "./jobs.repository.ts";
import { type JobOptions, type JobRegistry, jobs } from "./registry.ts";

/** The event as the relay hands it over (the row of the `events` table, payload parsed). */
export interface OutboxEventData {
  id: string;
  organizationId: string | null;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface DeliveredEvent extends OutboxEventData {
  /** Runs `fn` in a transaction that also records this (handler, event): once per event, even when redelivered. */
  once<T>(fn: (trx: Trx) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

export type EventHandler = (ctx: AppContext, event: DeliveredEvent) => Promise<void>;

export const eventJobName = (handler: string) => `event:${handler}`;
/** Stable per (handler, event): the queue refuses the same job twice while it still knows it. */
export const eventJobId = (handler: string, eventId: string) => `ev.${handler}.${eventId}`;

const HANDLER_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

/**
 * Runs `fn` once per (handler, eventId): inside one transaction it records the pair, then runs `fn` with that
 * transaction. A pair already recorded (a redelivery) skips `fn`. A throwing `fn` rolls the record back too, so
 * the retry runs it again. Use `trx` only inside `fn`: on SQLite the database handle would wait for this transaction.
 */
export async function onceper<T>(
  ctx: AppContext,
  handler: string,
  eventId: string,
  fn: (trx: Trx) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return ctx.database.db.transaction().execute(async (trx) => {
    if (!(await repo.recordProcessed(ctx.database.dialect, trx, handler, eventId))) return { ran: false as const };
    return { ran: true as const, value: await fn(trx) };
  });
}

export function subscribeIn(
  registry: JobRegistry,
  types: string | string[],
  handler: string,
  fn: EventHandler,
  opts: JobOptions = {},
): void {
  if (!HANDLER_NAME.test(handler)) throw new Error(`subscriber name "${handler}" must look like "module.action"`);
  registry.addSubscriber(handler, Array.isArray(types) ? types : [types]);
  registry.defineInternal({
    name: eventJobName(handler),
    ...opts,
    handler: async (ctx: AppContext, data: OutboxEventData) => {
      const db = ctx.database.db;
      // A redelivery of something already handled (by once() or by an earlier run) stops here.
      if (await repo.isProcessed(db, handler, data.id)) return;
      const event: DeliveredEvent = { ...data, once: (work) => onceper(ctx, handler, data.id, work) };
      await fn(ctx, event);
      // Already there when the handler used once(): the insert then does nothing.
      await repo.recordProcessed(ctx.database.dialect, db, handler, data.id);
    },
  });
}

/** Subscribes `handler` (a unique, stable name) to one event type, several, or "*" for all; see the top of file. */
export function subscribe(types: string | string[], handler: string, fn: EventHandler, opts?: JobOptions): void {
  subscribeIn(jobs, types, handler, fn, opts);
}
