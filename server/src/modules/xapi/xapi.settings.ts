/** An organization's LRS: endpoint, key and sealed secret; `GET` never shows the secret. */
import type { AppContext } from "../../context.ts";
import { outboundAllowList } from "../../infra/webhooks/request.ts";
import { openSecret, sealSecret } from "../../infra/webhooks/secret-box.ts";
import { checkWebhookUrl, UrlNotAllowedError } from "../../infra/webhooks/ssrf.ts";
import { notFound, unprocessable } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";

export interface LrsSettings {
  endpoint: string;
  key: string;
  secret: string;
  enabled: boolean;
  actor: "account" | "mbox";
}

export async function loadLrs(ctx: AppContext, organizationId: string): Promise<LrsSettings | null> {
  const row = await ctx.database.db
    .selectFrom("xapi_settings")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    endpoint: row.endpoint,
    key: row.key,
    secret: openSecret(ctx.config.SESSION_SECRET, row.secret_sealed),
    enabled: row.enabled === 1,
    actor: row.actor,
  };
}

export async function getSettings(ctx: AppContext, organizationId: string) {
  const db = ctx.database.db;
  const row = await db
    .selectFrom("xapi_settings")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) throw notFound("LRS settings");
  const counts = await db
    .selectFrom("xapi_statements")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("organization_id", "=", organizationId)
    .where("status", "in", ["pending", "failed"])
    .groupBy("status")
    .execute();
  const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return {
    endpoint: row.endpoint,
    key: row.key,
    enabled: row.enabled === 1,
    actor: row.actor,
    hasSecret: true,
    updatedAt: row.updated_at,
    pending: count("pending"),
    failed: count("failed"),
  };
}

export async function putSettings(
  ctx: AppContext,
  organizationId: string,
  input: { endpoint: string; key: string; secret?: string; enabled: boolean; actor: "account" | "mbox" },
  by: AuditActor,
) {
  try {
    await checkWebhookUrl(input.endpoint, { allow: outboundAllowList(ctx.config) });
  } catch (err) {
    if (err instanceof UrlNotAllowedError)
      throw unprocessable("url_not_allowed", `endpoint: ${err.message}`, { field: "endpoint" });
    throw err;
  }
  const db = ctx.database.db;
  const existing = await db
    .selectFrom("xapi_settings")
    .select(["secret_sealed", "endpoint", "key", "enabled", "actor"])
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!existing && !input.secret)
    throw unprocessable("secret_required", "Give the LRS secret the first time.", { field: "secret" });
  const values = {
    endpoint: input.endpoint,
    key: input.key,
    secret_sealed: input.secret
      ? sealSecret(ctx.config.SESSION_SECRET, input.secret)
      : (existing?.secret_sealed as string),
    enabled: input.enabled ? 1 : 0,
    actor: input.actor,
    updated_at: nowIso(),
  };
  // The audit names the fields that changed; the key and secret only as changed, never their values (the key is
  // the LRS account's name, half of its credentials).
  const changed = [
    ...(existing?.endpoint !== input.endpoint ? ["endpoint"] : []),
    ...(existing?.key !== input.key ? ["key"] : []),
    ...(input.secret ? ["secret"] : []),
    ...(existing?.enabled !== values.enabled ? ["enabled"] : []),
    ...(existing?.actor !== input.actor ? ["actor"] : []),
  ];
  await db.transaction().execute(async (trx) => {
    if (existing) {
      await trx.updateTable("xapi_settings").set(values).where("organization_id", "=", organizationId).execute();
    } else {
      await trx
        .insertInto("xapi_settings")
        .values({ organization_id: organizationId, ...values })
        .execute();
    }
    await recordAudit(trx, {
      organizationId,
      actor: by,
      action: existing ? "xapi.settings_updated" : "xapi.settings_created",
      target: { type: "xapi_settings", id: organizationId },
      details: { endpoint: input.endpoint, enabled: input.enabled, actor: input.actor, changed },
    });
  });
  return getSettings(ctx, organizationId);
}
