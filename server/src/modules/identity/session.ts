/**
 * Server-side sessions. The cookie holds a random token; the database holds its SHA-256, so a leaked table does
 * not yield live sessions. Lookups are cached in Redis when configured (never in process memory: a logout on one
 * API process must end the session on every other).
 */
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";

export const SESSION_COOKIE = "lc_session";
const CACHE_TTL_SECONDS = 60;

export interface SessionInfo {
  id: string;
  userId: string;
  expiresAt: string;
}

export async function createSession(
  ctx: AppContext,
  trx: Executor,
  userId: string,
  meta: { ip?: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_TTL_DAYS * 86_400_000);
  await trx
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      created_at: nowIso(),
      expires_at: expiresAt.toISOString(),
      ip: meta.ip?.slice(0, 64) ?? null,
      user_agent: meta.userAgent?.slice(0, 255) ?? null,
    })
    .execute();
  return { token, expiresAt };
}

export async function findSession(ctx: AppContext, token: string): Promise<SessionInfo | null> {
  const id = hashToken(token);
  const key = `session:${id}`;
  const cached = ctx.redis ? await ctx.cache.get<SessionInfo>(key) : undefined;
  const now = nowIso();
  if (cached) return cached.expiresAt > now ? cached : null;
  const row = await ctx.database.db
    .selectFrom("sessions")
    .select(["id", "user_id", "expires_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  const info = { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
  if (ctx.redis) await ctx.cache.set(key, info, CACHE_TTL_SECONDS);
  return info;
}

export async function revokeSession(ctx: AppContext, trx: Executor, sessionId: string): Promise<void> {
  await trx.deleteFrom("sessions").where("id", "=", sessionId).execute();
  if (ctx.redis) await ctx.cache.del(`session:${sessionId}`);
}

/** Ends every session of a user (password change or reset), optionally keeping the current one. */
export async function revokeUserSessions(ctx: AppContext, trx: Executor, userId: string, keep?: string): Promise<void> {
  const rows = await trx.selectFrom("sessions").select("id").where("user_id", "=", userId).execute();
  const ids = rows.map((r) => r.id).filter((id) => id !== keep);
  if (!ids.length) return;
  await trx.deleteFrom("sessions").where("id", "in", ids).execute();
  if (ctx.redis) await ctx.cache.del(...ids.map((id) => `session:${id}`));
}
