import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ANY_MEMBER, membershipOf, STAFF, userIdOf } from "../../plugins/access.ts";
import * as s from "./assignments.schema.ts";
import * as assignments from "./assignments.service.ts";

const tags = ["assignments"];
const staff = { access: { roles: STAFF } };

export function assignmentCallerOf(req: FastifyRequest): assignments.Caller {
  const m = membershipOf(req);
  return { organizationId: m.organizationId, role: m.role, userId: req.principal?.userId ?? null };
}

export const assignmentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/assignments",
    {
      config: staff,
      schema: {
        tags,
        params: s.orgParams,
        querystring: s.assignmentsQuery,
        response: { 200: s.pageOf(s.assignmentDto) },
      },
    },
    async (req) => assignments.listAssignments(ctx, membershipOf(req).organizationId, req.query),
  );

  app.post(
    "/orgs/:orgId/assignments",
    {
      config: staff,
      schema: { tags, params: s.orgParams, body: s.createAssignmentBody, response: { 201: s.assignmentDto } },
    },
    async (req, reply) =>
      reply.status(201).send(await assignments.createAssignment(ctx, assignmentCallerOf(req), req.body)),
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId",
    {
      config: { access: { roles: ANY_MEMBER } },
      schema: { tags, params: s.assignmentParams, response: { 200: s.assignmentDto } },
    },
    async (req) => assignments.getAssignment(ctx, assignmentCallerOf(req), req.params.assignmentId),
  );

  app.patch(
    "/orgs/:orgId/assignments/:assignmentId",
    {
      config: staff,
      schema: { tags, params: s.assignmentParams, body: s.patchAssignmentBody, response: { 200: s.assignmentDto } },
    },
    async (req) => assignments.updateAssignment(ctx, assignmentCallerOf(req), req.params.assignmentId, req.body),
  );

  app.delete(
    "/orgs/:orgId/assignments/:assignmentId",
    { config: staff, schema: { tags, params: s.assignmentParams } },
    async (req, reply) => {
      await assignments.deleteAssignment(ctx, assignmentCallerOf(req), req.params.assignmentId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/orgs/:orgId/me/assignments",
    {
      config: { access: { roles: ANY_MEMBER } },
      schema: {
        tags,
        params: s.orgParams,
        querystring: s.myAssignmentsQuery,
        response: { 200: s.pageOf(s.myAssignmentDto) },
      },
    },
    async (req) => assignments.myAssignments(ctx, { ...assignmentCallerOf(req), userId: userIdOf(req) }, req.query),
  );
};
