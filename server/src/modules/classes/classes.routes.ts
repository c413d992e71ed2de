import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import { requestMeta, setSessionCookie } from "../identity/cookie.ts";
import * as accounts from "./accounts.service.ts";
import * as s from "./classes.schema.ts";
import * as classes from "./classes.service.ts";
import * as students from "./students.service.ts";

const tags = ["classes"];
const staff = { access: { roles: STAFF } };

/** The organization from the path and the person (null for an API key) acting in it. */
export function callerOf(req: FastifyRequest): classes.Caller {
  return { organizationId: membershipOf(req).organizationId, userId: req.principal?.userId ?? null };
}

export const classRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith("https://") ?? false;

  app.post(
    "/auth/join",
    { config: { access: { public: true } }, schema: { tags, body: s.joinBody, response: { 201: s.joinDto } } },
    async (req, reply) => {
      const { body, session } = await students.joinClass(ctx, req.body, requestMeta(req));
      setSessionCookie(reply, session, secure);
      return reply.status(201).send(body);
    },
  );

  app.get(
    "/orgs/:orgId/classes",
    {
      config: staff,
      schema: { tags, params: s.orgParams, querystring: s.listQuery, response: { 200: s.pageOf(s.classDto) } },
    },
    async (req) => classes.listClasses(ctx, membershipOf(req).organizationId, req.query),
  );

  app.post(
    "/orgs/:orgId/classes",
    { config: staff, schema: { tags, params: s.orgParams, body: s.createClassBody, response: { 201: s.classDto } } },
    async (req, reply) => reply.status(201).send(await classes.createClass(ctx, callerOf(req), req.body)),
  );

  app.get(
    "/orgs/:orgId/classes/:classId",
    { config: staff, schema: { tags, params: s.classParams, response: { 200: s.classDto } } },
    async (req) => classes.getClass(ctx, membershipOf(req).organizationId, req.params.classId),
  );

  app.patch(
    "/orgs/:orgId/classes/:classId",
    { config: staff, schema: { tags, params: s.classParams, body: s.patchClassBody, response: { 200: s.classDto } } },
    async (req) => classes.updateClass(ctx, callerOf(req), req.params.classId, req.body),
  );

  app.delete(
    "/orgs/:orgId/classes/:classId",
    { config: staff, schema: { tags, params: s.classParams } },
    async (req, reply) => {
      await classes.deleteClass(ctx, callerOf(req), req.params.classId);
      return reply.status(204).send();
    },
  );

  app.post(
    "/orgs/:orgId/classes/:classId/join-code",
    { config: staff, schema: { tags, params: s.classParams, response: { 200: s.classDto } } },
    async (req) => classes.rotateJoinCode(ctx, callerOf(req), req.params.classId),
  );

  app.get(
    "/orgs/:orgId/classes/:classId/students",
    {
      config: staff,
      schema: { tags, params: s.classParams, querystring: s.listQuery, response: { 200: s.pageOf(s.studentDto) } },
    },
    async (req) => students.listStudents(ctx, membershipOf(req).organizationId, req.params.classId, req.query),
  );

  app.post(
    "/orgs/:orgId/classes/:classId/students",
    {
      config: staff,
      schema: { tags, params: s.classParams, body: s.addStudentBody, response: { 201: s.studentDto } },
    },
    async (req, reply) =>
      reply.status(201).send(await students.addStudent(ctx, callerOf(req), req.params.classId, req.body)),
  );

  // Students without email: usernames and generated passwords for login cards, shown once (issue 15, item 14).
  app.post(
    "/orgs/:orgId/classes/:classId/students/accounts",
    { config: staff, schema: { tags, params: s.classParams, body: s.createAccountsBody } },
    async (req, reply) =>
      reply
        .status(201)
        .header("cache-control", "no-store")
        .send(await accounts.createAccounts(ctx, callerOf(req), req.params.classId, req.body.names)),
  );

  app.post(
    "/orgs/:orgId/classes/:classId/students/:userId/password",
    { config: staff, schema: { tags, params: s.studentParams } },
    async (req, reply) =>
      reply
        .header("cache-control", "no-store")
        .send(await accounts.resetAccountPassword(ctx, callerOf(req), req.params.classId, req.params.userId)),
  );

  app.delete(
    "/orgs/:orgId/classes/:classId/students/:userId",
    { config: staff, schema: { tags, params: s.studentParams } },
    async (req, reply) => {
      await students.removeStudent(ctx, callerOf(req), req.params.classId, req.params.userId);
      return reply.status(204).send();
    },
  );
};
