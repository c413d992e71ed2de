/**
 * Who is calling: a session cookie, or an API key (`Authorization: Bearer lc_…`) once the integrations module
 * registers its resolver. A key acts only inside its own organization, with its own role.
 */
import type { Role } from "@languagecloud/domain";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../context.ts";
import { unauthorized } from "../../lib/errors.ts";
import type { Principal } from "../../plugins/access.ts";
import { findRole } from "./identity.repository.ts";
import { findSession, SESSION_COOKIE } from "./session.ts";

export type ApiKeyResolver = (ctx: AppContext, secret: string) => Promise<Principal | null>;

export function makeAuthenticate(ctx: AppContext, resolveApiKey?: ApiKeyResolver) {
  return async (request: FastifyRequest): Promise<Principal | null> => {
    const auth = request.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const principal = m && resolveApiKey ? await resolveApiKey(ctx, m[1] as string) : null;
      // A wrong key is an error, not an anonymous request: the caller meant to authenticate.
      if (!principal) throw unauthorized("The API key is not valid.");
      return principal;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const session = await findSession(ctx, token);
    return session ? { kind: "session", userId: session.userId, sessionId: session.id } : null;
  };
}

export function makeResolveMembership(ctx: AppContext) {
  return async (principal: Principal, organizationId: string): Promise<Role | null> => {
    if (principal.kind === "api_key") {
      return principal.apiKey?.organizationId === organizationId ? principal.apiKey.role : null;
    }
    if (!principal.userId) return null;
    return findRole(ctx.database.read, organizationId, principal.userId);
  };
}
