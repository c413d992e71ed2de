/**
 * Builds the Fastify app (no listen): tests boot it with `app.inject()`, server.ts listens. Plugins in the order a
 * request meets them: request id and logging → security headers → CSRF → access (who, which organization, which
 * role; the route's first own hook) → validation (Zod) → the module's route → the error shape.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { AppContext } from "./context.ts";
import statsd from "./infra/metrics/statsd.ts";
import { registerJobMetrics } from "./jobs/metrics.ts";
import { isQuietRequest } from "./lib/quiet-requests.ts";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { makeAuthenticate } from "./modules/identity/authenticate.ts";
import { identityRoutes } from "./modules/identity/identity.routes.ts";
import { frameOrigins } from "./modules/lti/lti.frame-origins.ts";
import { ltiPublicRoutes } from "./modules/lti/lti.routes.ts";
import { organizationRoutes } from "./modules/organizations/organizations.routes.ts";
import { apiModules } from "./modules/registry.ts";
import access from "./plugins/access.ts";
import csrf from "./plugins/csrf.ts";
import errors from "./plugins/errors.ts";
import inputGuard from "./plugins/input-guard.ts";
import metrics from "./plugins/metrics.ts";
import securityHeaders from "./plugins/security-headers.ts";
import web from "./plugins/web.ts";

export interface BuildOptions {
  /** Where the built web app lives; defaults to web/dist of this repository. */
  webRoot?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}) {
  const app = Fastify({
    loggerInstance: ctx.logger,
    // In-process requests that ask for quiet (the demo seeding) are not logged line by line.
    logController: new LogController({ disableRequestLogging: (req) => isQuietRequest(req) }),
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    // Explicit timeouts: a slow client must not hold a socket for ever (slowloris), and keep-alive outlives the
    // usual 60 s idle timeout of load balancers so they never reuse a socket we are closing.
    connectionTimeout: 60_000,
    keepAliveTimeout: 72_000,
    requestTimeout: 120_000,
    // Shutdown is drained by lib/drain.ts (server.ts): requests already on open connections are answered, not
    // refused with 503, and idle connections are left for the balancer to close first.
    return503OnClosing: false,
    forceCloseConnections: false,
    requestIdHeader: "x-request-id",
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      // Random, not time-ordered: nothing sorts by request id, and randomUUID draws from a cached pool.
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });

  await app.register(errors);
  await app.register(metrics);
  await app.register(inputGuard);
  registerJobMetrics(app.metrics);
  await app.register(statsd, { ctx });
  await app.register(securityHeaders, {
    helmet: {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", "data:", "blob:"],
          mediaSrc: ["'self'", "blob:"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    },
    ltiFrameOrigins: () => frameOrigins(ctx),
  });
  // Writes Set-Cookie (login, logout); requests read only the session cookie (identity/cookie.ts, sessionTokenOf).
  await app.register(cookie, { secret: ctx.config.SESSION_SECRET, hook: false });
  await app.register(access, { authenticate: makeAuthenticate(ctx, apiModules.resolveApiKey) });
  await app.register(csrf, { publicUrl: ctx.config.PUBLIC_URL });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Language Cloud API", version: "1.0.0" },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "lc_session" },
          apiKey: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  await app.register(healthRoutes, { ctx });
  await app.register(ltiPublicRoutes, { ctx });
  await app.register(
    async (api) => {
      api.get("/openapi.json", { config: { access: { public: true } }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await api.register(identityRoutes, { ctx });
      await api.register(organizationRoutes, { ctx });
      for (const routes of apiModules.routes) await api.register(routes, { ctx });
    },
    { prefix: "/api/v1" },
  );

  await app.register(web, { root: opts.webRoot ?? fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
