/**
 * Deny by default. Every `/api/v1` route declares who may call it in `config.access`; a route without it makes
 * the app fail at boot. For `/api/v1/orgs/:orgId/…` routes the caller's membership in that organization is
 * resolved before the handler runs: non-members get 404 (no hint that the organization exists), members whose
 * role is not listed get 403.
 */
import type { Role } from "@languagecloud/domain";
import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import { forbidden, notFound, unauthorized } from "../lib/errors.ts";

export type Access =
  /** Anyone, signed in or not. */
  | { public: true }
  /** A signed-in person (a browser session), whatever their organizations. */
  | { user: true }
  /** A member of the organization in the path with one of these roles (a session or an API key of it). */
  | { roles: readonly Role[] };

export const ANY_MEMBER: readonly Role[] = ["owner", "admin", "teacher", "student"];
export const STAFF: readonly Role[] = ["owner", "admin", "teacher"];
export const ADMINS: readonly Role[] = ["owner", "admin"];

export interface Principal {
  kind: "session" | "api_key";
  /** The person behind a session; null for an API key. */
  userId: string | null;
  sessionId?: string;
  apiKey?: { id: string; organizationId: string; role: Role };
}

export interface Membership {
  organizationId: string;
  role: Role;
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every API route with its declared access, for the route-table tests and the docs. */
    apiRoutes: { method: string; url: string; access: Access }[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    membership: Membership | null;
  }
}

export const ORG_ROUTE = /^\/api\/v1\/orgs\/:orgId(\/|$)/;

/** Who is calling, and with which role in `organizationId` when one is given (null: not a member). */
export interface Caller {
  principal: Principal;
  role: Role | null;
}

/** Resolves the caller (session cookie or API key); registered by the identity module. */
export type Authenticate = (request: FastifyRequest, organizationId: string | null) => Promise<Caller | null>;

/** Fails at boot when an API route does not say who may call it, so that nothing is public by omission. */
export function checkRouteAccess(route: Pick<RouteOptions, "url" | "method" | "config">): void {
  if (!route.url.startsWith("/api/v1")) return;
  const access = (route.config as { access?: Access } | undefined)?.access;
  const where = `${Array.isArray(route.method) ? route.method.join(",") : route.method} ${route.url}`;
  if (!access) throw new Error(`Route ${where} has no config.access: every API route must declare who may call it`);
  if (ORG_ROUTE.test(route.url) && !("roles" in access)) {
    throw new Error(`Route ${where} is an organization route and must declare access.roles`);
  }
}

/**
 * The check for one route, built when the route is registered: the route's access and whether it is an
 * organization route are known then, so a request pays only for the lookup itself.
 */
function accessCheck(access: Access, url: string, authenticate: Authenticate) {
  const orgRoute = ORG_ROUTE.test(url);
  return async (request: FastifyRequest) => {
    const orgId = orgRoute ? (request.params as { orgId?: string }).orgId : undefined;
    const caller = await authenticate(request, orgId ?? null);
    request.principal = caller?.principal ?? null;
    if ("public" in access) return;
    if (!caller) throw unauthorized();
    if ("user" in access) {
      if (caller.principal.kind !== "session") throw forbidden("This route needs a signed-in person, not an API key.");
      return;
    }
    if (!orgId) throw new Error(`route ${url} declares roles but has no :orgId`);
    if (!caller.role) throw notFound("organization");
    request.membership = { organizationId: orgId, role: caller.role };
    if (!access.roles.includes(caller.role)) throw forbidden(`Your role (${caller.role}) cannot do this.`);
  };
}

export default fp(
  async function accessPlugin(app: FastifyInstance, opts: { authenticate: Authenticate }) {
    app.decorateRequest("principal", null);
    app.decorateRequest("membership", null);
    const table: { method: string; url: string; access: Access }[] = [];
    app.decorate("apiRoutes", table);
    app.addHook("onRoute", (route) => {
      checkRouteAccess(route);
      const access = (route.config as { access?: Access } | undefined)?.access;
      if (!access || !route.url.startsWith("/api/v1")) return;
      for (const method of [route.method].flat()) if (method !== "HEAD") table.push({ method, url: route.url, access });
      // First among the route's own hooks: nothing of the route runs before the caller is known.
      const own = route.onRequest ? [route.onRequest].flat() : [];
      route.onRequest = [accessCheck(access, route.url, opts.authenticate), ...own];
    });
  },
  { name: "access" },
);

/** The membership resolved for this request; only on organization routes. */
export function membershipOf(request: FastifyRequest): Membership {
  if (!request.membership) throw new Error("membershipOf called on a route without organization access");
  return request.membership;
}

/** The signed-in user id; throws on API-key calls (use on routes that need a person). */
export function userIdOf(request: FastifyRequest): string {
  const id = request.principal?.userId;
  if (!id) throw forbidden("This action needs a signed-in person.");
  return id;
}
