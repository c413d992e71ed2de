/**
 * LTI routes. The public endpoints at the root (`/lti/login`, `/lti/launch`, `/lti/jwks`: no session, no CSRF
 * check, their own protections) and the API under `/api/v1` (registration, activity, the ticket exchange,
 * the deep-linking response, the roster sync).
 */
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { ADMINS, membershipOf, STAFF, userIdOf } from "../../plugins/access.ts";
import { actorOf } from "../audit/audit.service.ts";
import { requestMeta } from "../identity/cookie.ts";
import { deepLinkingResponse } from "./lti.deep-linking.service.ts";
import { createRegistrationLink, register } from "./lti.dynamic-registration.ts";
import { forgetFrameOrigins } from "./lti.frame-origins.ts";
import { publicJwks } from "./lti.keys.ts";
import { type LoginParams, LtiError, launch, login, logRefusedLaunch } from "./lti.launch.service.ts";
import * as platforms from "./lti.platforms.service.ts";
import { rosterStatus, syncRoster } from "./lti.roster.ts";
import * as s from "./lti.schema.ts";
import { exchangeTicket } from "./lti.session.service.ts";
import { registeredPage, storageScript } from "./lti.storage.ts";

const esc = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function errorPage(reply: FastifyReply, status: number, message: string) {
  return reply
    .status(status)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Language Cloud could not open this activity</title></head><body><main><h1>Language Cloud could not open this activity</h1><p id="lti-error">${esc(message)}</p><p>Go back to your course and open the activity again. If it keeps happening, show this message to your teacher or administrator.</p></main></body></html>`,
    );
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** `/lti/…` at the root. Forms from the platform are URL-encoded: parsed here only, not app-wide. */
export const ltiPublicRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 256 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const hide = { hide: true };

  const handleLogin = async (params: Record<string, unknown>, reply: FastifyReply) => {
    const p: LoginParams = {
      iss: str(params.iss),
      login_hint: str(params.login_hint),
      target_link_uri: str(params.target_link_uri),
      lti_message_hint: str(params.lti_message_hint),
      client_id: str(params.client_id),
      lti_deployment_id: str(params.lti_deployment_id),
      lti_storage_target: str(params.lti_storage_target),
    };
    try {
      const { redirect, page } = await login(ctx, p);
      if (page) return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page);
      return reply.header("cache-control", "no-store").redirect(redirect, 302);
    } catch (err) {
      if (err instanceof LtiError) return errorPage(reply, err.status, err.message);
      ctx.logger.error({ err }, "LTI login failed");
      return errorPage(reply, 503, "The login could not be completed. Please try again in a moment.");
    }
  };
  app.get("/lti/login", { config: { access: { public: true } }, schema: hide }, (req, reply) =>
    handleLogin(req.query as Record<string, unknown>, reply),
  );
  app.post("/lti/login", { config: { access: { public: true } }, schema: hide }, (req, reply) =>
    handleLogin((req.body ?? {}) as Record<string, unknown>, reply),
  );

  app.post("/lti/launch", { config: { access: { public: true } }, schema: hide }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const idToken = str(body.id_token);
    try {
      const outcome = await launch(ctx, {
        id_token: idToken,
        state: str(body.state),
        lti_storage_secret: str(body.lti_storage_secret),
      });
      if (outcome.page)
        return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(outcome.page);
      // The launch may have stored the platform's service URLs (a new host to frame the next page from).
      forgetFrameOrigins(ctx);
      return reply.header("cache-control", "no-store").redirect(outcome.location, 302);
    } catch (err) {
      const message =
        err instanceof LtiError ? err.message : "The launch could not be completed. Please try again in a moment.";
      if (!(err instanceof LtiError)) ctx.logger.error({ err }, "LTI launch failed");
      await logRefusedLaunch(ctx, idToken, message).catch(() => undefined);
      return errorPage(reply, err instanceof LtiError ? err.status : 503, message);
    }
  });

  app.get("/lti/storage.js", { config: { access: { public: true } }, schema: hide }, async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=300").send(storageScript),
  );

  app.get("/lti/register", { config: { access: { public: true } }, schema: hide }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    try {
      const { name } = await register(ctx, {
        lc: str(q.lc),
        openid_configuration: str(q.openid_configuration),
        registration_token: str(q.registration_token),
      });
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(registeredPage(name));
    } catch (err) {
      if (err instanceof LtiError) return errorPage(reply, err.status, err.message);
      if (err instanceof AppError) return errorPage(reply, err.statusCode, err.message);
      ctx.logger.error({ err }, "LTI dynamic registration failed");
      return errorPage(reply, 502, "The LMS could not be reached to complete the registration.");
    }
  });

  app.get("/lti/jwks", { config: { access: { public: true } }, schema: hide }, async (_req, reply) =>
    reply.header("cache-control", "public, max-age=300").send(await publicJwks(ctx)),
  );
};

const tags = ["lti"];
const admins = { roles: ADMINS };

export const ltiApiRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/orgs/:orgId/lti/platforms",
    {
      config: { access: admins },
      schema: { tags, params: s.orgParams, body: s.createPlatformBody, response: { 201: s.platformDto } },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await platforms.createPlatform(ctx, membershipOf(req).organizationId, req.body, actorOf(req.principal))),
  );
  app.get(
    "/orgs/:orgId/lti/platforms",
    { config: { access: admins }, schema: { tags, params: s.orgParams, response: { 200: s.pageOf(s.platformDto) } } },
    async (req) => platforms.listPlatforms(ctx, membershipOf(req).organizationId),
  );
  app.get(
    "/orgs/:orgId/lti/platforms/:id",
    { config: { access: admins }, schema: { tags, params: s.platformParams, response: { 200: s.platformDto } } },
    async (req) => platforms.getPlatform(ctx, membershipOf(req).organizationId, req.params.id),
  );
  app.patch(
    "/orgs/:orgId/lti/platforms/:id",
    {
      config: { access: admins },
      schema: { tags, params: s.platformParams, body: s.patchPlatformBody, response: { 200: s.platformDto } },
    },
    async (req) =>
      platforms.updatePlatform(ctx, membershipOf(req).organizationId, req.params.id, req.body, actorOf(req.principal)),
  );
  app.delete(
    "/orgs/:orgId/lti/platforms/:id",
    { config: { access: admins }, schema: { tags, params: s.platformParams } },
    async (req, reply) => {
      await platforms.deletePlatform(ctx, membershipOf(req).organizationId, req.params.id, actorOf(req.principal));
      return reply.status(204).send();
    },
  );
  app.post(
    "/orgs/:orgId/lti/registration-links",
    { config: { access: admins }, schema: { tags, params: s.orgParams } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createRegistrationLink(ctx, membershipOf(req).organizationId, actorOf(req.principal))),
  );
  app.get(
    "/orgs/:orgId/lti/activity",
    { config: { access: admins }, schema: { tags, params: s.orgParams } },
    async (req) => platforms.recentActivity(ctx, membershipOf(req).organizationId),
  );

  app.post(
    "/lti/session",
    { config: { access: { public: true } }, schema: { tags, body: s.sessionBody, response: { 200: s.sessionDto } } },
    async (req) => exchangeTicket(ctx, req.body.ticket, requestMeta(req)),
  );

  app.post(
    "/lti/deep-linking/:requestId/response",
    { config: { access: { user: true } }, schema: { tags, params: s.deepLinkParams, body: s.deepLinkBody } },
    async (req, reply) => {
      const userId = userIdOf(req);
      const request = await ctx.database.db
        .selectFrom("lti_deep_link_requests")
        .select("organization_id")
        .where("id", "=", req.params.requestId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      const { html } = await deepLinkingResponse(
        ctx,
        { userId, organizationId: request?.organization_id ?? "" },
        req.params.requestId,
        req.body.exerciseIds,
      );
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
    },
  );

  app.get(
    "/orgs/:orgId/classes/:id/lti-roster",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.rosterParams, response: { 200: s.rosterStatusDto } },
    },
    async (req) => rosterStatus(ctx, membershipOf(req).organizationId, req.params.id),
  );
  app.post(
    "/orgs/:orgId/classes/:id/lti-roster/sync",
    { config: { access: { roles: STAFF } }, schema: { tags, params: s.rosterParams, response: { 200: s.rosterDto } } },
    async (req) => syncRoster(ctx, membershipOf(req).organizationId, req.params.id),
  );
};
