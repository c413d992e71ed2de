import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { userIdOf } from "../../plugins/access.ts";
import { clearSessionCookie, requestMeta, setSessionCookie } from "./cookie.ts";
import * as s from "./identity.schema.ts";
import * as identity from "./identity.service.ts";

const tags = ["identity"];

export const identityRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith("https://") ?? false;

  app.post(
    "/auth/signup",
    { config: { access: { public: true } }, schema: { tags, body: s.signupBody, response: { 201: s.signupDto } } },
    async (req, reply) => {
      const { body, session } = await identity.signup(ctx, req.body, requestMeta(req));
      setSessionCookie(reply, session, secure);
      return reply.status(201).send(body);
    },
  );

  app.post(
    "/auth/login",
    { config: { access: { public: true } }, schema: { tags, body: s.loginBody, response: { 200: s.meDto } } },
    async (req, reply) => {
      const { body, session } = await identity.login(ctx, req.body, requestMeta(req));
      setSessionCookie(reply, session, secure);
      return body;
    },
  );

  app.post("/auth/logout", { config: { access: { public: true } }, schema: { tags } }, async (req, reply) => {
    if (req.principal?.sessionId) await identity.logout(ctx, req.principal.sessionId);
    clearSessionCookie(reply, secure);
    return reply.status(204).send();
  });

  app.get("/me", { config: { access: { user: true } }, schema: { tags, response: { 200: s.meDto } } }, async (req) =>
    identity.me(ctx, userIdOf(req)),
  );

  app.post(
    "/me/password",
    { config: { access: { user: true } }, schema: { tags, body: s.changePasswordBody } },
    async (req, reply) => {
      const session = await identity.changePassword(ctx, userIdOf(req), req.body, requestMeta(req));
      setSessionCookie(reply, session, secure);
      return reply.status(204).send();
    },
  );

  app.post(
    "/auth/password-reset",
    { config: { access: { public: true } }, schema: { tags, body: s.resetRequestBody } },
    async (req, reply) => {
      await identity.requestPasswordReset(ctx, req.body.email, { ip: req.ip });
      return reply.status(202).send({ status: "sent_if_registered" });
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    { config: { access: { public: true } }, schema: { tags, body: s.resetConfirmBody } },
    async (req, reply) => {
      await identity.confirmPasswordReset(ctx, req.body);
      return reply.status(204).send();
    },
  );
};
