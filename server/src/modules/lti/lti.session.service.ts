/**
 * The ticket → session exchange. Inside an LMS frame with third-party cookies blocked the SPA cannot keep a
 * cookie, so the session is a bearer token (`lts_…`) it keeps in sessionStorage. It is a row of `sessions` like
 * any other (SHA-256 stored, revocable by logout), living 8 hours at most.
 */
import type { AppContext } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";

export const LTI_SESSION_PREFIX = "lts_";
const SESSION_MS = 8 * 3_600_000;

const badTicket = () =>
  new AppError(401, "invalid_ticket", "The launch ticket is unknown, used or expired. Open the activity again.");

export async function exchangeTicket(ctx: AppContext, ticket: string, meta: { ip?: string; userAgent?: string }) {
  const id = hashToken(ticket);
  const now = nowIso();
  const token = `${LTI_SESSION_PREFIX}${newToken()}`;
  const expiresAt = new Date(Date.now() + SESSION_MS).toISOString();
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable("lti_tickets")
      .set({ used_at: now })
      .where("id", "=", id)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return null;
    const t = await trx.selectFrom("lti_tickets").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    await trx
      .insertInto("sessions")
      .values({
        id: hashToken(token),
        user_id: t.user_id,
        created_at: now,
        expires_at: expiresAt,
        ip: meta.ip?.slice(0, 64) ?? null,
        user_agent: meta.userAgent?.slice(0, 255) ?? null,
      })
      .execute();
    const user = await trx
      .selectFrom("users")
      .select(["id", "name", "email"])
      .where("id", "=", t.user_id)
      .executeTakeFirstOrThrow();
    const org = await trx
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("id", "=", t.organization_id)
      .executeTakeFirstOrThrow();
    return { t, user, org };
  });
  if (!row) throw badTicket();
  const p = JSON.parse(row.t.payload) as {
    role: string;
    classId: string | null;
    assignmentId: string | null;
    deepLinkRequestId: string | null;
  };
  return {
    token,
    expiresAt,
    user: row.user,
    organization: row.org,
    role: p.role,
    ...(p.classId ? { classId: p.classId } : {}),
    ...(p.assignmentId ? { assignmentId: p.assignmentId } : {}),
    ...(p.deepLinkRequestId ? { deepLinkRequestId: p.deepLinkRequestId } : {}),
  };
}
