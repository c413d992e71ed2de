import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { STAFF } from "../../plugins/access.ts";
import { presentAssignment } from "../assignments/assignments.presenter.ts";
import { assignmentDto } from "../assignments/assignments.schema.ts";
import { assignmentCallerOf } from "../assignments/caller.ts";
import { attemptDto, plainJson } from "../attempts/attempts.schema.ts";
import { actorOf } from "../audit/audit.service.ts";
import { contentDisposition } from "../media/disposition.ts";
import { acceptAnswer } from "./accept-answer.service.ts";
import * as extensions from "./extensions.service.ts";
import { responsesCsv, responsesGrid } from "./grid.service.ts";
import { deleteOverride, putOverride } from "./overrides.service.ts";
import { getRegrade, listRegrades } from "./regrade.service.ts";
import * as s from "./review.schema.ts";

const tags = ["review"];
const staff = { access: { roles: STAFF } };

export const reviewRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.put(
    "/orgs/:orgId/attempts/:attemptId/items/:itemId/override",
    {
      config: staff,
      schema: { tags, params: s.overrideParams, body: s.overrideBody, response: { 200: attemptDto } },
      ...plainJson,
    },
    async (req) =>
      putOverride(
        ctx,
        assignmentCallerOf(req),
        actorOf(req.principal),
        req.params.attemptId,
        req.params.itemId,
        req.body,
      ),
  );

  app.delete(
    "/orgs/:orgId/attempts/:attemptId/items/:itemId/override",
    { config: staff, schema: { tags, params: s.overrideParams, response: { 200: attemptDto } }, ...plainJson },
    async (req) =>
      deleteOverride(ctx, assignmentCallerOf(req), actorOf(req.principal), req.params.attemptId, req.params.itemId),
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/responses",
    { config: staff, schema: { tags, params: s.assignmentParams, querystring: s.gridQuery } },
    async (req, reply) => {
      const caller = assignmentCallerOf(req);
      if (req.query.format === "csv") {
        const file = await responsesCsv(ctx, caller, req.params.assignmentId);
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", contentDisposition("attachment", file.filename))
          .header("cache-control", "private, no-store")
          .send(file.body);
      }
      return reply.send(s.gridDto.parse(await responsesGrid(ctx, caller, req.params.assignmentId)));
    },
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/regrades",
    { config: staff, schema: { tags, params: s.assignmentParams, response: { 200: s.pageOf(s.regradeDto) } } },
    async (req) => listRegrades(ctx, assignmentCallerOf(req), req.params.assignmentId),
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/regrades/:regradeId",
    { config: staff, schema: { tags, params: s.regradeParams, response: { 200: s.regradeDto } } },
    async (req) => getRegrade(ctx, assignmentCallerOf(req), req.params.assignmentId, req.params.regradeId),
  );

  app.post(
    "/orgs/:orgId/assignments/:assignmentId/accept-answer",
    {
      config: staff,
      schema: { tags, params: s.assignmentParams, body: s.acceptAnswerBody, response: { 200: assignmentDto } },
    },
    async (req) => {
      const r = await acceptAnswer(
        ctx,
        assignmentCallerOf(req),
        actorOf(req.principal),
        req.params.assignmentId,
        req.body,
      );
      return { ...presentAssignment(r.assignment), ...(r.regrade ? { regrade: r.regrade } : {}) };
    },
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/extensions",
    { config: staff, schema: { tags, params: s.assignmentParams, response: { 200: s.pageOf(s.extensionDto) } } },
    async (req) => extensions.listExtensions(ctx, assignmentCallerOf(req), req.params.assignmentId),
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/extensions/:userId",
    { config: staff, schema: { tags, params: s.extensionParams, response: { 200: s.extensionDto } } },
    async (req) => extensions.getExtension(ctx, assignmentCallerOf(req), req.params.assignmentId, req.params.userId),
  );

  app.put(
    "/orgs/:orgId/assignments/:assignmentId/extensions/:userId",
    {
      config: staff,
      schema: { tags, params: s.extensionParams, body: s.extensionBody, response: { 200: s.extensionDto } },
    },
    async (req) =>
      extensions.putExtension(
        ctx,
        assignmentCallerOf(req),
        actorOf(req.principal),
        req.params.assignmentId,
        req.params.userId,
        req.body,
      ),
  );

  app.delete(
    "/orgs/:orgId/assignments/:assignmentId/extensions/:userId",
    { config: staff, schema: { tags, params: s.extensionParams } },
    async (req, reply) => {
      await extensions.deleteExtension(
        ctx,
        assignmentCallerOf(req),
        actorOf(req.principal),
        req.params.assignmentId,
        req.params.userId,
      );
      return reply.status(204).send();
    },
  );
};
