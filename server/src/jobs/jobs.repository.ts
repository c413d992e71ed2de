/**
 * The SQL of the job machinery: leases, processed events, and the outbox relay's reads and writes. Portable across
 * SQLite, PostgreSQL and MySQL: conditional UPDATEs and plain INSERTs whose unique violation means "someone else".
 */
import { insertIgnoringDuplicates, isUniqueViolation } from "../db/dialect.ts";
import type { Dialect, Executor } from "../db/types.ts";
import { nowIso } from "../lib/ids.ts";

const EPOCH = "1970-01-01T00:00:00.000Z";

/**
 * Takes the lease `name` until `expiresAt` if it is free (missing, or expired at `now`). Exactly one caller wins
 * on every engine: the UPDATE is conditional on the old expiry, and of two racing INSERTs one hits the primary key.
 */
export async function tryAcquireLease(
  db: Executor,
  name: string,
  holder: string,
  expiresAt: string,
  now = nowIso(),
): Promise<boolean> {
  const updated = await db
    .updateTable("job_locks")
    .set({ holder, expires_at: expiresAt, acquired_at: now })
    .where("name", "=", name)
    .where("expires_at", "<=", now)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return true;
  try {
    await db.insertInto("job_locks").values({ name, holder, expires_at: expiresAt, acquired_at: now }).execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Frees a lease early, only if this holder still has it. */
export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await db
    .updateTable("job_locks")
    .set({ expires_at: EPOCH })
    .where("name", "=", name)
    .where("holder", "=", holder)
    .execute();
}

export async function findLease(db: Executor, name: string) {
  return db.selectFrom("job_locks").selectAll().where("name", "=", name).executeTakeFirst();
}

/**
 * Records that `handler` has handled `eventId`; false when it already had. Inside a transaction on PostgreSQL and
 * MySQL a concurrent duplicate waits for the first to commit, then sees the row: the handler runs once.
 */
export async function recordProcessed(
  dialect: Dialect,
  db: Executor,
  handler: string,
  eventId: string,
): Promise<boolean> {
  const row = { handler, event_id: eventId, processed_at: nowIso() };
  // No unique-violation exception here: on PostgreSQL it would abort the surrounding transaction.
  const result = await insertIgnoringDuplicates(
    dialect,
    db.insertInto("processed_events").values(row),
  ).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function isProcessed(db: Executor, handler: string, eventId: string): Promise<boolean> {
  const row = await db
    .selectFrom("processed_events")
    .select("event_id")
    .where("handler", "=", handler)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return !!row;
}

/** Forgets processed events older than `before` (their events are long dispatched and handled). */
export async function pruneProcessed(db: Executor, before: string): Promise<number> {
  const r = await db.deleteFrom("processed_events").where("processed_at", "<", before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The oldest events not yet handed to the queue (ids are UUIDv7, so id order is creation order). */
export async function pendingEvents(db: Executor, limit: number, excludeIds: string[] = []) {
  let q = db
    .selectFrom("events")
    .select(["id", "organization_id", "type", "payload", "created_at", "attempts"])
    .where("dispatched_at", "is", null);
  if (excludeIds.length) q = q.where("id", "not in", excludeIds);
  return q.orderBy("id").limit(limit).execute();
}

/**
 * Marks events handed to the queue. `handled` too when nothing is left to wait for: no subscriber, or a
 * non-durable queue whose jobs have already settled.
 */
export async function markDispatched(db: Executor, ids: string[], now = nowIso(), handled = false): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable("events")
    .set((eb) => ({ dispatched_at: now, attempts: eb("attempts", "+", 1), ...(handled ? { handled_at: now } : {}) }))
    .where("id", "in", ids)
    .where("dispatched_at", "is", null)
    .execute();
}

/** Counts a failed hand-over; the event stays pending. */
export async function countDispatchFailure(db: Executor, id: string): Promise<void> {
  await db
    .updateTable("events")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .execute();
}

/** Events handed to the queue before `before` and not known to be handled yet: the redelivery candidates. */
export async function unhandledEvents(db: Executor, before: string, limit: number) {
  return db
    .selectFrom("events")
    .select(["id", "organization_id", "type", "payload", "created_at", "attempts"])
    .where("handled_at", "is", null)
    .where("dispatched_at", "is not", null)
    .where("dispatched_at", "<", before)
    .orderBy("dispatched_at")
    .limit(limit)
    .execute();
}

/** Which handlers have recorded which of these events. */
export async function processedHandlers(db: Executor, eventIds: string[]): Promise<Map<string, Set<string>>> {
  const byEvent = new Map<string, Set<string>>();
  if (!eventIds.length) return byEvent;
  const rows = await db
    .selectFrom("processed_events")
    .select(["event_id", "handler"])
    .where("event_id", "in", eventIds)
    .execute();
  for (const r of rows) {
    let set = byEvent.get(r.event_id);
    if (!set) byEvent.set(r.event_id, (set = new Set()));
    set.add(r.handler);
  }
  return byEvent;
}

export async function markHandled(db: Executor, ids: string[], now = nowIso()): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable("events")
    .set({ handled_at: now })
    .where("id", "in", ids)
    .where("handled_at", "is", null)
    .execute();
}

/** Re-sent now: the redelivery clock starts again, and the attempt is counted. */
/** Restarts the redelivery clock of events; `counted`: a job was really sent again (toward maxRedeliveries). */
export async function markRedelivered(db: Executor, ids: string[], now = nowIso(), counted = true): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable("events")
    .set((eb) => ({ dispatched_at: now, attempts: counted ? eb("attempts", "+", 1) : eb.ref("attempts") }))
    .where("id", "in", ids)
    .execute();
}
