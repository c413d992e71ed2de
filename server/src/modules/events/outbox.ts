/**
 * The outbox: a state change writes its event in the same transaction, so an event exists exactly when the change
 * committed. The relay (jobs/outbox-relay.ts) hands pending events to the queue after commit.
 */
import type { Kysely } from "kysely";
import { prepareStatement } from "../../db/prepared.ts";
import type { DB, Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

export type EventType =
  | "organization.created"
  | "user.signed_up"
  | "member.invited"
  | "member.joined"
  | "member.role_changed"
  | "member.removed"
  | "password_reset.requested"
  | "password.changed"
  | (string & {});

export interface NewEvent {
  organizationId: string | null;
  type: EventType;
  payload: Record<string, unknown>;
}

// Compiled once: nearly every write of the application writes an event.
const insertEvent = prepareStatement(["id", "org", "type", "payload", "at"], (db: Kysely<DB>, v) =>
  db.insertInto("events").values({
    id: v.id,
    organization_id: v.org,
    type: v.type,
    payload: v.payload,
    created_at: v.at,
    dispatched_at: null,
    handled_at: null,
    attempts: 0,
  }),
);

export async function writeEvent(trx: Executor, event: NewEvent): Promise<string> {
  const id = newId();
  await insertEvent(trx, {
    id,
    org: event.organizationId,
    type: event.type,
    payload: JSON.stringify(event.payload),
    at: nowIso(),
  });
  return id;
}

/** Listeners told after a commit that events were written, so the relay can run at once instead of polling. */
const listeners = new Set<() => void>();
export function onEventsWritten(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
export function notifyEventsWritten(): void {
  for (const fn of listeners) fn();
}
