/**
 * Sends queued statements to the organization's LRS in batches (POST `{endpoint}/statements`, an array,
 * `X-Experience-API-Version: 1.0.3`, Basic auth), through the SSRF guard. A failed batch waits 30 s, 1 min,
 * 2 min … (at most an hour) and gives up after 12 tries; statement ids make a re-send harmless.
 */
import { XAPI_VERSION } from "@languagecloud/domain/formats/xapi/index";
import type { AppContext } from "../../context.ts";
import { OutboundError, outboundAllowList, outboundRequest } from "../../infra/webhooks/request.ts";
import { nowIso } from "../../lib/ids.ts";
import { type LrsSettings, loadLrs } from "./xapi.settings.ts";

export const BATCH_SIZE = 50;
const MAX_TRIES = 12;
const BASE_DELAY_MS = 30_000;

export function statementsUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/statements`;
}

export async function postStatements(ctx: AppContext, lrs: LrsSettings, statements: unknown[]) {
  const auth = Buffer.from(`${lrs.key}:${lrs.secret}`).toString("base64");
  return outboundRequest(
    statementsUrl(lrs.endpoint),
    {
      method: "POST",
      headers: {
        authorization: `Basic ${auth}`,
        "content-type": "application/json",
        "x-experience-api-version": XAPI_VERSION,
      },
      body: JSON.stringify(statements),
      timeoutMs: 15_000,
      maxBytes: 256 * 1024,
    },
    { allow: outboundAllowList(ctx.config) },
  );
}

export class LrsError extends Error {}

/** Sends every due statement of the organization, a batch at a time. Throws after recording a failed batch. */
export async function sendDue(ctx: AppContext, organizationId: string): Promise<{ sent: number }> {
  const db = ctx.database.db;
  const lrs = await loadLrs(ctx, organizationId);
  if (!lrs?.enabled) return { sent: 0 };
  let sent = 0;
  for (;;) {
    const now = nowIso();
    const rows = await db
      .selectFrom("xapi_statements")
      .select(["id", "statement", "attempt_count"])
      .where("organization_id", "=", organizationId)
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(BATCH_SIZE)
      .execute();
    if (!rows.length) return { sent };
    const ids = rows.map((r) => r.id);
    let error: string | null = null;
    let permanent = false;
    try {
      const res = await postStatements(
        ctx,
        lrs,
        rows.map((r) => JSON.parse(r.statement)),
      );
      if (res.status >= 200 && res.status < 300) {
        await db
          .updateTable("xapi_statements")
          .set({ status: "sent", sent_at: nowIso(), last_error: null })
          .where("id", "in", ids)
          .execute();
        sent += rows.length;
        continue;
      }
      // The LRS's answer may echo what we sent, never credentials: keep its status and a short excerpt.
      error = `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
      permanent = res.status === 400 || res.status === 401 || res.status === 403;
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      error = err.message;
    }
    const tries = Math.max(...rows.map((r) => r.attempt_count)) + 1;
    const giveUp = permanent || tries >= MAX_TRIES;
    const delay = Math.min(3_600_000, BASE_DELAY_MS * 2 ** (tries - 1));
    await db
      .updateTable("xapi_statements")
      .set({
        status: giveUp ? "failed" : "pending",
        attempt_count: tries,
        next_attempt_at: new Date(Date.now() + delay).toISOString(),
        last_error: error?.slice(0, 500) ?? null,
      })
      .where("id", "in", ids)
      .execute();
    throw new LrsError(`the LRS refused the statements: ${error}`);
  }
}

/** Organizations with statements due now (the sweeper's work list). */
export async function organizationsWithDueStatements(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.database.db
    .selectFrom("xapi_statements")
    .select("organization_id")
    .distinct()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", nowIso())
    .limit(500)
    .execute();
  return rows.map((r) => r.organization_id);
}
