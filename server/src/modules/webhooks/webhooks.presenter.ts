import type { Selectable } from "kysely";
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from "../../db/tables/integrations.tables.ts";

export type EndpointRow = Omit<Selectable<WebhookEndpointsTable>, "secret_encrypted" | "previous_secret_encrypted">;
export type DeliveryRow = Omit<Selectable<WebhookDeliveriesTable>, "body" | "locked_until">;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

export function presentEndpoint(r: EndpointRow) {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    active: r.active === 1,
    failingSince: r.failing_since,
    disabledAt: r.disabled_at,
    disabledReason: r.disabled_reason,
    // Until then deliveries are signed with the previous secret too (after a rotation).
    previousSecretValidUntil:
      r.previous_secret_until && r.previous_secret_until > new Date().toISOString() ? r.previous_secret_until : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function presentAttempt(a: AttemptRow) {
  return {
    id: a.id,
    attemptedAt: a.attempted_at,
    statusCode: a.status_code,
    durationMs: a.duration_ms,
    error: a.error,
    manual: a.manual === 1,
  };
}

export function presentDelivery(d: DeliveryRow, attempts: AttemptRow[]) {
  const success = attempts.find((a) => a.status_code !== null && a.status_code >= 200 && a.status_code < 300);
  return {
    id: d.id,
    webhookId: d.endpoint_id,
    eventId: d.event_id,
    event: d.event_type,
    status: d.status,
    attempts: d.attempt_count,
    responseStatus: d.last_status_code,
    error: d.last_error,
    nextAttemptAt: d.next_attempt_at,
    deliveredAt: success?.attempted_at ?? null,
    createdAt: d.created_at,
    log: attempts.map(presentAttempt),
  };
}
