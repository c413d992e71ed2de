/**
 * Server-side sessions. The cookie holds a random token; the database holds its SHA-256, so a leaked table does
 * not yield live sessions. Requests look them up in authenticate.ts (with the caller's role, in one query), never
 * from a cache: a logout on one API process must end the session on every other at once.
 */
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";

export const SESSION_COOKIE = "lc_session";

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

export async function revokeSession(trx: Executor, sessionId: string): Promise<void> {
  await trx.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Ends every session of a user (password change or reset), optionally keeping the current one. */
export async function revokeUserSessions(trx: Executor, userId: string, keep?: string): Promise<void> {
  let query = trx.deleteFrom("sessions").where("user_id", "=", userId);
  if (keep) query = query.where("id", "!=", keep);
  await query.execute();
}
