import type { Updateable } from "kysely";
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from "../../db/tables/integrations.tables.ts";
import type { Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

const ENDPOINT_COLUMNS = [
  "id",
  "organization_id",
  "url",
  "events",
  "active",
  "failing_since",
  "disabled_at",
  "disabled_reason",
  "previous_secret_until",
  "created_by",
  "created_at",
  "updated_at",
] as const;

const DELIVERY_COLUMNS = [
  "id",
  "organization_id",
  "endpoint_id",
  "event_id",
  "event_type",
  "status",
  "attempt_count",
  "next_attempt_at",
  "give_up_at",
  "last_status_code",
  "last_error",
  "created_at",
  "updated_at",
] as const;

export async function insertEndpoint(
  db: Executor,
  e: { organizationId: string; url: string; events: string[]; secretEncrypted: string; createdBy: string },
) {
  const now = nowIso();
  const row = {
    id: newId(),
    organization_id: e.organizationId,
    url: e.url,
    events: JSON.stringify(e.events),
    secret_encrypted: e.secretEncrypted,
    previous_secret_encrypted: null,
    previous_secret_until: null,
    active: 1,
    failing_since: null,
    disabled_at: null,
    disabled_reason: null,
    created_by: e.createdBy,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("webhook_endpoints").values(row).execute();
  return row;
}

export async function listEndpoints(db: Executor, organizationId: string, limit: number, beforeId?: string) {
  let q = db.selectFrom("webhook_endpoints").select(ENDPOINT_COLUMNS).where("organization_id", "=", organizationId);
  if (beforeId) q = q.where("id", "<", beforeId);
  return q.orderBy("id", "desc").limit(limit).execute();
}

export async function findEndpoint(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("webhook_endpoints")
    .select(ENDPOINT_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The endpoint with its sealed secret: only the delivery code asks for it. */
export async function findEndpointForDelivery(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("webhook_endpoints")
    .select([
      "id",
      "url",
      "active",
      "secret_encrypted",
      "previous_secret_encrypted",
      "previous_secret_until",
      "failing_since",
    ])
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function updateEndpoint(
  db: Executor,
  organizationId: string,
  id: string,
  set: Updateable<WebhookEndpointsTable>,
): Promise<boolean> {
  const res = await db
    .updateTable("webhook_endpoints")
    .set({ ...set, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Deletes an endpoint and its log (explicitly: MySQL and SQLite cascades depend on settings we do not own). */
export async function deleteEndpoint(db: Executor, organizationId: string, id: string): Promise<boolean> {
  await db
    .deleteFrom("webhook_attempts")
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", id)
    .execute();
  await db
    .deleteFrom("webhook_deliveries")
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", id)
    .execute();
  const res = await db
    .deleteFrom("webhook_endpoints")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Active endpoints of an organization (few per organization: the event filter is applied by the caller). */
export async function activeEndpoints(db: Executor, organizationId: string) {
  return db
    .selectFrom("webhook_endpoints")
    .select(["id", "events"])
    .where("organization_id", "=", organizationId)
    .where("active", "=", 1)
    .execute();
}

export async function insertDelivery(
  db: Executor,
  d: {
    organizationId: string;
    endpointId: string;
    eventId: string;
    eventType: string;
    body: string;
    dueAt: string;
    giveUpAt: string;
  },
) {
  const now = nowIso();
  const id = newId();
  await db
    .insertInto("webhook_deliveries")
    .values({
      id,
      organization_id: d.organizationId,
      endpoint_id: d.endpointId,
      event_id: d.eventId,
      event_type: d.eventType,
      body: d.body,
      status: "pending",
      attempt_count: 0,
      next_attempt_at: d.dueAt,
      locked_until: null,
      give_up_at: d.giveUpAt,
      last_status_code: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function deliveryIdsOfEvent(db: Executor, organizationId: string, eventId: string) {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("event_id", "=", eventId)
    .execute();
  return rows.map((r) => r.id);
}

export async function findDelivery(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("webhook_deliveries")
    .select(DELIVERY_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Takes the lease on a pending delivery (due now, unless `anyTime`) until `until`. Only one worker wins; the
 * others see false and leave it.
 */
export async function claimDelivery(db: Executor, id: string, now: string, until: string, anyTime: boolean) {
  let q = db
    .updateTable("webhook_deliveries")
    .set({ locked_until: until })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]));
  if (!anyTime) q = q.where("next_attempt_at", "<=", now);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A claimed delivery with its body. Not tenant-scoped: the delivery id comes from our own queue. */
export async function loadClaimedDelivery(db: Executor, id: string) {
  return db
    .selectFrom("webhook_deliveries")
    .select(["id", "organization_id", "endpoint_id", "event_id", "body", "attempt_count", "give_up_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function updateDelivery(db: Executor, id: string, set: Updateable<WebhookDeliveriesTable>) {
  await db
    .updateTable("webhook_deliveries")
    .set({ ...set, updated_at: nowIso() })
    .where("id", "=", id)
    .execute();
}

export async function insertAttempt(
  db: Executor,
  a: {
    organizationId: string;
    deliveryId: string;
    endpointId: string;
    attemptedAt: string;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    manual: boolean;
  },
) {
  await db
    .insertInto("webhook_attempts")
    .values({
      id: newId(),
      organization_id: a.organizationId,
      delivery_id: a.deliveryId,
      endpoint_id: a.endpointId,
      attempted_at: a.attemptedAt,
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      error: a.error?.slice(0, 500) ?? null,
      manual: a.manual ? 1 : 0,
    })
    .execute();
}

/** When a delivery was first attempted (its attempts are indexed by delivery). */
export async function firstAttemptAt(db: Executor, deliveryId: string): Promise<string | null> {
  const row = await db
    .selectFrom("webhook_attempts")
    .select((eb) => eb.fn.min("attempted_at").as("first"))
    .where("delivery_id", "=", deliveryId)
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

/** Deliveries that are due and not held by a worker, oldest due first. */
export async function dueDeliveryIds(db: Executor, now: string, limit: number) {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
    .orderBy("next_attempt_at")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function listDeliveries(
  db: Executor,
  organizationId: string,
  endpointId: string,
  limit: number,
  beforeId?: string,
) {
  let q = db
    .selectFrom("webhook_deliveries")
    .select(DELIVERY_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", endpointId);
  if (beforeId) q = q.where("id", "<", beforeId);
  return q.orderBy("id", "desc").limit(limit).execute();
}

/** The attempts of several deliveries in one query (no N+1 on the log page). */
export async function attemptsOf(db: Executor, organizationId: string, deliveryIds: string[]) {
  if (!deliveryIds.length) return [];
  return db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("delivery_id", "in", deliveryIds)
    .orderBy("attempted_at")
    .orderBy("id")
    .execute();
}

/** Pending deliveries whose automatic retries are over (or disabled endpoint): cancelled, with the reason. */
export async function cancelPendingOfEndpoint(db: Executor, organizationId: string, endpointId: string, why: string) {
  await db
    .updateTable("webhook_deliveries")
    .set({ status: "cancelled", next_attempt_at: null, last_error: why, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .execute();
}

/** Deletes finished deliveries (and their attempts) created before `before`. */
export async function pruneDeliveries(db: Executor, before: string): Promise<void> {
  const old = db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where("created_at", "<", before)
    .where("status", "!=", "pending");
  await db.deleteFrom("webhook_attempts").where("delivery_id", "in", old).execute();
  await db.deleteFrom("webhook_deliveries").where("created_at", "<", before).where("status", "!=", "pending").execute();
}
