/**
 * API keys: an organization's integrations authenticate with `Authorization: Bearer lc_…`. The secret is shown
 * once; only its SHA-256 is stored (256 random bits need no slow hash), with a short prefix for display.
 */
import type { Role } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { forbidden, notFound } from "../../lib/errors.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";
import type { Membership, Principal } from "../../plugins/access.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { presentApiKey } from "./api-keys.presenter.ts";
import * as repo from "./api-keys.repository.ts";

export const API_KEY_PREFIX = "lc_";
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** A key's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export async function createApiKey(
  ctx: AppContext,
  caller: Membership & { principal: Principal | null },
  input: { name: string; role: Role },
) {
  // A key cannot mint keys: a leaked key must not be able to outlive its own revocation.
  const userId = caller.principal?.kind === "session" ? caller.principal.userId : null;
  if (!userId) throw forbidden("API keys are created by a signed-in person, not by another key.");
  if (input.role === "owner" && caller.role !== "owner") throw forbidden("Only an owner can create an owner key.");
  const secret = `${API_KEY_PREFIX}${newToken()}`;
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const key = await repo.insertApiKey(trx, {
      organizationId: caller.organizationId,
      name: input.name,
      role: input.role,
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secretHash: hashToken(secret),
      createdBy: userId,
    });
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "api_key.created",
      payload: { apiKeyId: key.id, name: key.name, role: key.role, createdBy: userId },
    });
    return key;
  });
  notifyEventsWritten();
  return { ...presentApiKey(row), secret };
}

const isIdCursor = (v: unknown): v is string => typeof v === "string";

export async function listApiKeys(ctx: AppContext, organizationId: string, q: { limit: number; cursor?: string }) {
  const before = decodeCursor(q.cursor, isIdCursor);
  const rows = await repo.listApiKeys(ctx.database.read, organizationId, q.limit + 1, before);
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  return { items: kept.map(presentApiKey), nextCursor };
}

export async function getApiKey(ctx: AppContext, organizationId: string, id: string) {
  const row = await repo.findApiKey(ctx.database.read, organizationId, id);
  if (!row) throw notFound("API key");
  return presentApiKey(row);
}

export async function revokeApiKey(ctx: AppContext, organizationId: string, id: string, by: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await repo.revokeApiKey(trx, organizationId, id))) throw notFound("API key");
    await writeEvent(trx, { organizationId, type: "api_key.revoked", payload: { apiKeyId: id, revokedBy: by } });
  });
  notifyEventsWritten();
}

/**
 * The principal of a bearer secret, or null for an unknown or revoked key. Looked up on every request (no cache),
 * so that a revocation takes effect on the next call on every process.
 */
export async function resolveApiKey(ctx: AppContext, secret: string): Promise<Principal | null> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return null;
  const key = await repo.findActiveKeyByHash(ctx.database.db, hashToken(secret));
  if (!key) return null;
  const now = Date.now();
  if (!key.last_used_at || Date.parse(key.last_used_at) < now - TOUCH_EVERY_MS) {
    const notAfter = new Date(now - TOUCH_EVERY_MS).toISOString();
    await repo.touchApiKey(ctx.database.db, key.id, new Date(now).toISOString(), notAfter);
  }
  return {
    kind: "api_key",
    userId: null,
    apiKey: { id: key.id, organizationId: key.organization_id, role: key.role },
  };
}
