/**
 * Webhook endpoints of an organization: registered by admins, checked against the SSRF guard, with a signing
 * secret generated here, shown once and stored encrypted (infra/webhooks/secret-box.ts).
 */
import type { AppContext } from "../../context.ts";
import { sealSecret } from "../../infra/webhooks/secret-box.ts";
import { newSigningSecret } from "../../infra/webhooks/signer.ts";
import { checkWebhookUrl, type Resolver, UrlNotAllowedError } from "../../infra/webhooks/ssrf.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { notFound, unprocessable } from "../../lib/errors.ts";
import type { Membership } from "../../plugins/access.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { deliverWebhook, guardOptions } from "./webhooks.delivery.ts";
import { type AttemptRow, presentDelivery, presentEndpoint } from "./webhooks.presenter.ts";
import * as repo from "./webhooks.repository.ts";

async function allowedUrl(ctx: AppContext, raw: string, resolve?: Resolver): Promise<string> {
  try {
    return (await checkWebhookUrl(raw, guardOptions(ctx, resolve))).toString();
  } catch (err) {
    if (err instanceof UrlNotAllowedError) {
      throw unprocessable("url_not_allowed", err.message, [{ field: "body.url", message: err.message }]);
    }
    throw err;
  }
}

export async function createWebhook(
  ctx: AppContext,
  caller: Membership & { actor: string },
  input: { url: string; events: string[] },
) {
  const url = await allowedUrl(ctx, input.url);
  const secret = newSigningSecret();
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const endpoint = await repo.insertEndpoint(trx, {
      organizationId: caller.organizationId,
      url,
      events: input.events,
      secretEncrypted: sealSecret(ctx.config.SESSION_SECRET, secret),
      createdBy: caller.actor,
    });
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "webhook.created",
      payload: { webhookId: endpoint.id, url, events: input.events, createdBy: caller.actor },
    });
    return endpoint;
  });
  notifyEventsWritten();
  return { ...presentEndpoint(row), secret };
}

const isIdCursor = (v: unknown): v is string => typeof v === "string";

export async function listWebhooks(ctx: AppContext, organizationId: string, q: { limit: number; cursor?: string }) {
  const before = decodeCursor(q.cursor, isIdCursor);
  const rows = await repo.listEndpoints(ctx.database.read, organizationId, q.limit + 1, before);
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  return { items: kept.map(presentEndpoint), nextCursor };
}

export async function getWebhook(ctx: AppContext, organizationId: string, id: string) {
  const row = await repo.findEndpoint(ctx.database.db, organizationId, id);
  if (!row) throw notFound("webhook");
  return presentEndpoint(row);
}

/** Re-activating an endpoint starts its failure count afresh. */
export async function updateWebhook(
  ctx: AppContext,
  organizationId: string,
  id: string,
  input: { url?: string; events?: string[]; active?: boolean },
) {
  const url = input.url === undefined ? undefined : await allowedUrl(ctx, input.url);
  await ctx.database.db.transaction().execute(async (trx) => {
    const current = await repo.findEndpoint(trx, organizationId, id);
    if (!current) throw notFound("webhook");
    const switched = input.active !== undefined && (input.active ? 1 : 0) !== current.active;
    await repo.updateEndpoint(trx, organizationId, id, {
      ...(url !== undefined ? { url } : {}),
      ...(input.events ? { events: JSON.stringify(input.events) } : {}),
      ...(switched && input.active ? { active: 1, failing_since: null, disabled_at: null, disabled_reason: null } : {}),
      ...(switched && !input.active
        ? { active: 0, disabled_at: new Date().toISOString(), disabled_reason: "disabled by an admin" }
        : {}),
    });
  });
  return getWebhook(ctx, organizationId, id);
}

/** How long deliveries stay signed with the previous secret too, after a rotation. */
export const PREVIOUS_SECRET_HOURS = 24;

/**
 * A new signing secret, shown once. The previous one keeps signing beside it for PREVIOUS_SECRET_HOURS, so the
 * receiver can be switched to the new secret without a delivery failing verification; rotating again ends the
 * older one at once.
 */
export async function rotateWebhookSecret(ctx: AppContext, organizationId: string, id: string) {
  const secret = newSigningSecret();
  await ctx.database.db.transaction().execute(async (trx) => {
    const current = await repo.findEndpointForDelivery(trx, organizationId, id);
    if (!current) throw notFound("webhook");
    await repo.updateEndpoint(trx, organizationId, id, {
      secret_encrypted: sealSecret(ctx.config.SESSION_SECRET, secret),
      previous_secret_encrypted: current.secret_encrypted,
      previous_secret_until: new Date(Date.now() + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString(),
    });
  });
  return { ...(await getWebhook(ctx, organizationId, id)), secret };
}

export async function deleteWebhook(ctx: AppContext, organizationId: string, id: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteEndpoint(trx, organizationId, id))) throw notFound("webhook");
    await writeEvent(trx, { organizationId, type: "webhook.deleted", payload: { webhookId: id } });
  });
  notifyEventsWritten();
}

export async function listDeliveries(
  ctx: AppContext,
  organizationId: string,
  webhookId: string,
  q: { limit: number; cursor?: string },
) {
  if (!(await repo.findEndpoint(ctx.database.read, organizationId, webhookId))) throw notFound("webhook");
  const before = decodeCursor(q.cursor, isIdCursor);
  const rows = await repo.listDeliveries(ctx.database.read, organizationId, webhookId, q.limit + 1, before);
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  const attempts = await repo.attemptsOf(
    ctx.database.read,
    organizationId,
    kept.map((d) => d.id),
  );
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const a of attempts) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
  return { items: kept.map((d) => presentDelivery(d, byDelivery.get(d.id) ?? [])), nextCursor };
}

async function getDelivery(ctx: AppContext, organizationId: string, id: string) {
  const d = await repo.findDelivery(ctx.database.db, organizationId, id);
  if (!d) throw notFound("delivery");
  return presentDelivery(d, await repo.attemptsOf(ctx.database.db, organizationId, [id]));
}

/**
 * Sends a delivery again at once, by hand (after fixing the receiver, say), and answers with its log. If that
 * attempt fails and the retry window is still open, automatic retries carry on from there.
 */
export async function redeliver(ctx: AppContext, organizationId: string, deliveryId: string) {
  const d = await repo.findDelivery(ctx.database.db, organizationId, deliveryId);
  if (!d) throw notFound("delivery");
  await repo.updateDelivery(ctx.database.db, deliveryId, {
    status: "pending",
    next_attempt_at: new Date().toISOString(),
  });
  await deliverWebhook(ctx, deliveryId, { manual: true });
  return getDelivery(ctx, organizationId, deliveryId);
}
