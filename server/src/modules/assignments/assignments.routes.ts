import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ANY_MEMBER, membershipOf, STAFF, userIdOf } from "../../plugins/access.ts";
import { actorOf } from "../audit/audit.service.ts";
import { moveToVersion } from "../review/regrade.service.ts";
import { presentAssignment } from "./assignments.presenter.ts";
import * as s from "./assignments.schema.ts";
import * as assignments from "./assignments.service.ts";
import { assignmentCallerOf } from "./caller.ts";

const tags = ["assignments"];
const staff = { access: { roles: STAFF } };

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
    async (req) => {
      const { version, regrade, ...fields } = req.body;
      const caller = assignmentCallerOf(req);
      const id = req.params.assignmentId;
      const updated = Object.keys(fields).length
        ? await assignments.updateAssignment(ctx, caller, id, fields)
        : await assignments.getAssignment(ctx, caller, id);
      if (version === undefined) return updated;
      // Another version (a fixed key): move to it and regrade the submitted work, as one job with progress.
      const moved = await moveToVersion(ctx, caller, actorOf(req.principal), id, version, regrade === true);
      return { ...presentAssignment(moved.assignment), ...(moved.regrade ? { regrade: moved.regrade } : {}) };
    },
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
