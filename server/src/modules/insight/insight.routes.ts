/** Insight routes (api.md): statistics, error patterns, progress and the class dashboard. Thin: validate, call. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ANY_MEMBER, membershipOf, STAFF } from "../../plugins/access.ts";
import { contentDisposition } from "../media/disposition.ts";
import { getDashboardJson } from "./dashboard.service.ts";
import * as s from "./insight.schema.ts";
import { getPatterns } from "./patterns.service.ts";
import { getProgress } from "./progress.service.ts";
import { presentStatistics, statisticsCsv } from "./statistics.present.ts";

const tags = ["insight"];

export const insightRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/assignments/:id/statistics",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.assignmentParams, querystring: s.statisticsQuery },
    },
    async (req) => presentStatistics(ctx, membershipOf(req).organizationId, req.params.id, req.query.attempts),
  );

  app.get(
    "/orgs/:orgId/assignments/:id/statistics.csv",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.assignmentParams, querystring: s.statisticsQuery },
    },
    async (req, reply) => {
      const file = await statisticsCsv(ctx, membershipOf(req).organizationId, req.params.id, req.query.attempts);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", contentDisposition("attachment", file.filename))
        .header("cache-control", "private, no-store")
        .send(file.body);
    },
  );

  app.get(
    "/orgs/:orgId/assignments/:id/patterns",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.assignmentParams, querystring: s.patternsQuery },
    },
    async (req) => getPatterns(ctx, membershipOf(req).organizationId, { assignmentId: req.params.id }, req.query),
  );

  app.get(
    "/orgs/:orgId/classes/:id/patterns",
    { config: { access: { roles: STAFF } }, schema: { tags, params: s.classParams, querystring: s.patternsQuery } },
    async (req) => getPatterns(ctx, membershipOf(req).organizationId, { classId: req.params.id }, req.query),
  );

  app.get(
    "/orgs/:orgId/classes/:id/dashboard",
    { config: { access: { roles: STAFF } }, schema: { tags, params: s.classParams } },
    async (req, reply) => {
      const json = await getDashboardJson(ctx, membershipOf(req).organizationId, req.params.id);
      return reply.type("application/json; charset=utf-8").send(json);
    },
  );

  // Any member may ask; the service answers 404 unless it is their own progress or they are staff.
  app.get(
    "/orgs/:orgId/students/:userId/progress",
    {
      config: { access: { roles: ANY_MEMBER } },
      schema: { tags, params: s.studentParams, querystring: s.progressQuery },
    },
    async (req) =>
      getProgress(ctx, { ...membershipOf(req), userId: req.principal?.userId ?? null }, req.params.userId, req.query),
  );
};
