/**
 * Who is calling: a session cookie, or an API key (`Authorization: Bearer lc_…`) once the integrations module
 * registers its resolver. A key acts only inside its own organization, with its own role.
 *
 * Every API request comes through here, so a session's lookup and, on organization routes, the caller's role in
 * that organization are one prepared query on the primary (a replica could lag behind a fresh sign-in or a role
 * just granted). Nothing is cached in the process: a logout or a removed membership holds on every process at once.
 */
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../context.ts";
import { prepareQuery } from "../../db/prepared.ts";
import { unauthorized } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { hashToken } from "../../lib/tokens.ts";
import type { Caller, Principal } from "../../plugins/access.ts";
import { sessionTokenOf } from "./cookie.ts";

export type ApiKeyResolver = (ctx: AppContext, secret: string) => Promise<Principal | null>;

export function makeAuthenticate(ctx: AppContext, resolveApiKey?: ApiKeyResolver) {
  // Off organization routes `org` is null, which no membership matches: the role comes back null.
  const sessionWithRole = prepareQuery(ctx.database.db, ["id", "org"], (db, v) =>
    db
      .selectFrom("sessions as s")
      .leftJoin("memberships as m", (join) =>
        join.onRef("m.user_id", "=", "s.user_id").on("m.organization_id", "=", v.org),
      )
      .select(["s.user_id", "s.expires_at", "m.role"])
      .where("s.id", "=", v.id),
  );

  return async (request: FastifyRequest, organizationId: string | null): Promise<Caller | null> => {
    const auth = request.headers.authorization;
    // An LTI session (`lts_…`): a session row handed to the SPA inside an LMS frame, where no cookie survives.
    const lti = auth ? /^Bearer\s+(lts_\S+)$/i.exec(auth) : null;
    if (lti) {
      const id = hashToken(lti[1] as string);
      const [row] = await sessionWithRole({ id, org: organizationId });
      if (!row || row.expires_at <= nowIso()) throw unauthorized("The session has ended. Open the activity again.");
      return { principal: { kind: "session", userId: row.user_id, sessionId: id }, role: row.role };
    }
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const principal = m && resolveApiKey ? await resolveApiKey(ctx, m[1] as string) : null;
      // A wrong key is an error, not an anonymous request: the caller meant to authenticate.
      if (!principal) throw unauthorized("The API key is not valid.");
      const key = principal.apiKey;
      return { principal, role: key && key.organizationId === organizationId ? key.role : null };
    }
    const token = sessionTokenOf(request);
    if (!token) return null;
    const id = hashToken(token);
    const [row] = await sessionWithRole({ id, org: organizationId });
    if (!row || row.expires_at <= nowIso()) return null;
    return { principal: { kind: "session", userId: row.user_id, sessionId: id }, role: row.role };
  };
}
