/**
 * Delivering webhooks: fan-out of an event to the endpoints that subscribe to it, one signed POST per attempt,
 * retries with exponential backoff and jitter for up to three days, and endpoints that keep failing switched off
 * (their admins are told by mail, from the `webhook.disabled` event). Every function here is idempotent: the state
 * lives in webhook_deliveries, and a delivery is leased before it is sent so two workers never send it at once.
 */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { postJson } from "../../infra/webhooks/http.ts";
import { openSecret } from "../../infra/webhooks/secret-box.ts";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "../../infra/webhooks/signer.ts";
import { parseAllowList, type Resolver } from "../../infra/webhooks/ssrf.ts";
import { nowIso } from "../../lib/ids.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import * as repo from "./webhooks.repository.ts";
import { WEBHOOK_EVENTS } from "./webhooks.schema.ts";

/** Automatic retries stop this long after the event. */
export const RETRY_WINDOW_MS = 3 * 86_400_000;
/** An endpoint that has failed every attempt for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
const TIMEOUT_MS = 10_000;
/** A single wait between retries never exceeds this, so a long outage still sees a few attempts a day. */
const MAX_RETRY_DELAY_MS = 6 * 3_600_000;
/** The lease outlives the request timeout, so it never expires while the POST is still running. */
const LEASE_MS = TIMEOUT_MS + 20_000;

/** An outbox event as the job system hands it over. */
export interface OutboxEvent {
  id: string;
  organizationId: string | null;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface DeliveryOptions {
  /** The clock (tests move it forward to reach the end of the retry window). */
  now?: () => number;
  /** DNS for the SSRF guard (tests inject one; production uses the system resolver). */
  resolve?: Resolver;
  timeoutMs?: number;
  /** A redelivery asked for by hand: sent now even if not due, and even to a disabled endpoint. */
  manual?: boolean;
  random?: () => number;
}

export function guardOptions(ctx: AppContext, resolve?: Resolver) {
  return { allow: parseAllowList(ctx.config.WEBHOOK_ALLOW_HOSTS), resolve };
}

const isWebhookEvent = (type: string) => (WEBHOOK_EVENTS as readonly string[]).includes(type);

/**
 * Creates one delivery per active endpoint of the event's organization that subscribes to its type, and returns
 * the ids of the event's deliveries (new or made by an earlier run of this same fan-out).
 */
export async function fanOutWebhooks(ctx: AppContext, event: OutboxEvent): Promise<string[]> {
  if (!event.organizationId || !isWebhookEvent(event.type)) return [];
  const organizationId = event.organizationId;
  const endpoints = await repo.activeEndpoints(ctx.database.db, organizationId);
  const targets = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(event.type));
  if (!targets.length) return [];
  const body = JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    organizationId,
    data: event.payload,
  });
  const giveUpAt = new Date(Date.parse(event.createdAt) + RETRY_WINDOW_MS).toISOString();
  for (const endpoint of targets) {
    try {
      // One statement each, outside a transaction: on PostgreSQL a duplicate would abort the whole transaction.
      await repo.insertDelivery(ctx.database.db, {
        organizationId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        body,
        // Due at once; the event's own time keeps it due for a worker whose clock runs a little behind.
        dueAt: event.createdAt,
        giveUpAt,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return repo.deliveryIdsOfEvent(ctx.database.db, organizationId, event.id);
}

/** The wait after `failures` failed attempts: base × 2^(failures−1), ±25 % jitter, capped. */
export function retryDelayMs(baseSeconds: number, failures: number, random: () => number = Math.random): number {
  const exact = baseSeconds * 1000 * 2 ** Math.max(0, failures - 1);
  const jittered = exact * (0.75 + random() * 0.5);
  return Math.min(Math.round(jittered), MAX_RETRY_DELAY_MS);
}

export interface DeliveryOutcome {
  /** False when there was nothing to do (not due, done already, or another worker holds it). */
  attempted: boolean;
  ok?: boolean;
  statusCode?: number | null;
  status?: "pending" | "succeeded" | "failed" | "cancelled";
  /** When the next automatic attempt is due, if there is one. */
  nextAttemptAt?: string | null;
}

/** One attempt at a delivery, if it is due (or asked for by hand). Safe to call any number of times. */
export async function deliverWebhook(
  ctx: AppContext,
  deliveryId: string,
  opts: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const clock = opts.now ?? Date.now;
  const start = clock();
  const db = ctx.database.db;
  if (!(await repo.claimDelivery(db, deliveryId, nowIso(start), nowIso(start + LEASE_MS), !!opts.manual))) {
    return { attempted: false };
  }
  const delivery = await repo.loadClaimedDelivery(db, deliveryId);
  if (!delivery) return { attempted: false };
  const endpoint = await repo.findEndpointForDelivery(db, delivery.organization_id, delivery.endpoint_id);
  if (!endpoint || (!endpoint.active && !opts.manual)) {
    await repo.updateDelivery(db, deliveryId, {
      status: "cancelled",
      next_attempt_at: null,
      locked_until: null,
      last_error: "the webhook is disabled",
    });
    return { attempted: false, status: "cancelled" };
  }

  // A secret sealed under another SESSION_SECRET reads as null: a logged failed attempt, never sent unsigned.
  const open = (sealed: string) => {
    try {
      return openSecret(ctx.config.SESSION_SECRET, sealed);
    } catch {
      return null;
    }
  };
  const secret = open(endpoint.secret_encrypted);
  // After a rotation the previous secret signs too, until it expires: a courtesy, the current one signs regardless.
  const stillValid = (endpoint.previous_secret_until ?? "") > new Date(clock()).toISOString();
  const previous =
    secret && stillValid && endpoint.previous_secret_encrypted ? open(endpoint.previous_secret_encrypted) : null;
  const secrets = [secret, previous].filter((x): x is string => x !== null);
  const result = secret
    ? await postJson(endpoint.url, delivery.body, {
        ...guardOptions(ctx, opts.resolve),
        timeoutMs: opts.timeoutMs ?? TIMEOUT_MS,
        headers: {
          [SIGNATURE_HEADER]: signatureHeader(secrets, delivery.body, Math.floor(clock() / 1000)),
          [EVENT_ID_HEADER]: delivery.event_id,
          "LanguageCloud-Delivery-Id": delivery.id,
        },
      })
    : {
        ok: false,
        statusCode: null,
        durationMs: 0,
        error: "the signing secret cannot be read (was SESSION_SECRET changed?): re-create the webhook",
      };

  const now = clock();
  const failures = delivery.attempt_count + 1;
  let status: "pending" | "succeeded" | "failed" = "succeeded";
  let nextAttemptAt: string | null = null;
  if (!result.ok) {
    const next = now + retryDelayMs(ctx.config.WEBHOOK_RETRY_BASE_SECONDS, failures, opts.random);
    if (next <= Date.parse(delivery.give_up_at)) {
      status = "pending";
      nextAttemptAt = nowIso(next);
    } else {
      status = "failed";
    }
  }
  let disabled = false;
  await db.transaction().execute(async (trx) => {
    await repo.insertAttempt(trx, {
      organizationId: delivery.organization_id,
      deliveryId,
      endpointId: endpoint.id,
      attemptedAt: nowIso(now),
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
      manual: !!opts.manual,
    });
    await repo.updateDelivery(trx, deliveryId, {
      status,
      attempt_count: failures,
      next_attempt_at: nextAttemptAt,
      locked_until: null,
      last_status_code: result.statusCode,
      last_error: result.error?.slice(0, 500) ?? null,
    });
    disabled = await recordEndpointHealth(trx, ctx, delivery.organization_id, endpoint, {
      ok: result.ok,
      now,
      gaveUp: status === "failed",
      deliveryId,
    });
  });
  if (disabled) notifyEventsWritten();
  ctx.logger.info(
    { deliveryId, webhookId: endpoint.id, statusCode: result.statusCode, ms: result.durationMs, ok: result.ok },
    "webhook delivery attempt",
  );
  return { attempted: true, ok: result.ok, statusCode: result.statusCode, status, nextAttemptAt };
}

/**
 * Tracks an endpoint's run of failures. A success ends it. The endpoint is disabled when the run has lasted
 * DISABLE_AFTER_MS, or when a delivery used up its whole retry window without the endpoint succeeding once since
 * before that delivery began: either way every delivery failed for days. Disabling cancels what it still had
 * pending and writes `webhook.disabled` (mailed to the organization's admins).
 */
async function recordEndpointHealth(
  trx: Parameters<typeof repo.updateEndpoint>[0],
  ctx: AppContext,
  organizationId: string,
  endpoint: { id: string; url: string; active: number; failing_since: string | null },
  attempt: { ok: boolean; now: number; gaveUp: boolean; deliveryId: string },
): Promise<boolean> {
  const { ok, now } = attempt;
  if (ok) {
    if (endpoint.failing_since) await repo.updateEndpoint(trx, organizationId, endpoint.id, { failing_since: null });
    return false;
  }
  if (!endpoint.failing_since) {
    await repo.updateEndpoint(trx, organizationId, endpoint.id, { failing_since: nowIso(now) });
    return false;
  }
  if (!endpoint.active) return false;
  if (now - Date.parse(endpoint.failing_since) < DISABLE_AFTER_MS) {
    const first = attempt.gaveUp ? await repo.firstAttemptAt(trx, attempt.deliveryId) : null;
    if (!first || endpoint.failing_since > first) return false;
  }
  const reason = `every delivery failed since ${endpoint.failing_since}`;
  await repo.updateEndpoint(trx, organizationId, endpoint.id, {
    active: 0,
    disabled_at: nowIso(now),
    disabled_reason: reason,
  });
  await repo.cancelPendingOfEndpoint(trx, organizationId, endpoint.id, "the webhook was disabled");
  await writeEvent(trx, {
    organizationId,
    type: "webhook.disabled",
    payload: { webhookId: endpoint.id, url: endpoint.url, failingSince: endpoint.failing_since, reason },
  });
  ctx.logger.warn({ webhookId: endpoint.id, organizationId }, "webhook disabled after failing for days");
  return true;
}

/** Attempts every due delivery (the sweeper behind delayed retries: a lost queue job delays a retry, never loses it). */
export async function deliverDueWebhooks(
  ctx: AppContext,
  opts: DeliveryOptions & { limit?: number; concurrency?: number } = {},
): Promise<number> {
  const now = (opts.now ?? Date.now)();
  const ids = await repo.dueDeliveryIds(ctx.database.db, nowIso(now), opts.limit ?? 100);
  let attempted = 0;
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      if ((await deliverWebhook(ctx, id, opts)).attempted) attempted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, ids.length) }, worker));
  return attempted;
}

/** Keeps the delivery log for `keepDays`; pending deliveries are never pruned. */
export async function pruneDeliveries(ctx: AppContext, keepDays = 30, now = Date.now()): Promise<void> {
  await repo.pruneDeliveries(ctx.database.db, nowIso(now - keepDays * 86_400_000));
}
