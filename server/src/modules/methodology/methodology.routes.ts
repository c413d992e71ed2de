/** Methodology routes (methodology.md §1, §2): version comparison and teaching experiments. Thin: validate, call. */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import { exportCsv, getResults } from "./experiments.results.ts";
import * as experiments from "./experiments.service.ts";
import * as s from "./methodology.schema.ts";
import { compareExerciseVersions } from "./versions-compare.service.ts";

const tags = ["methodology"];
const access = { roles: STAFF };

const callerOf = (req: FastifyRequest): experiments.Caller => ({
  organizationId: membershipOf(req).organizationId,
  userId: req.principal?.userId ?? null,
});

export const methodologyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/exercises/:id/versions/compare",
    { config: { access }, schema: { tags, params: s.exerciseParams, querystring: s.compareQuery } },
    async (req) => compareExerciseVersions(ctx, membershipOf(req).organizationId, req.params.id, req.query),
  );

  // Teaching experiments: teachers and above. Students never see an experiment, only their own assignments.
  app.post(
    "/orgs/:orgId/experiments",
    { config: { access }, schema: { tags, params: s.orgParams, body: s.createExperimentBody } },
    async (req, reply) => reply.status(201).send(await experiments.createExperiment(ctx, callerOf(req), req.body)),
  );

  app.get(
    "/orgs/:orgId/experiments",
    { config: { access }, schema: { tags, params: s.orgParams, querystring: s.listQuery } },
    async (req) => experiments.listExperiments(ctx, membershipOf(req).organizationId, req.query),
  );

  app.get(
    "/orgs/:orgId/experiments/:id",
    { config: { access }, schema: { tags, params: s.experimentParams } },
    async (req) => experiments.getExperiment(ctx, membershipOf(req).organizationId, req.params.id),
  );

  app.patch(
    "/orgs/:orgId/experiments/:id",
    { config: { access }, schema: { tags, params: s.experimentParams, body: s.patchExperimentBody } },
    async (req) => experiments.editExperiment(ctx, callerOf(req), req.params.id, req.body),
  );

  app.post(
    "/orgs/:orgId/experiments/:id/start",
    { config: { access }, schema: { tags, params: s.experimentParams } },
    async (req) => experiments.startExperiment(ctx, callerOf(req), req.params.id),
  );

  app.post(
    "/orgs/:orgId/experiments/:id/close",
    { config: { access }, schema: { tags, params: s.experimentParams } },
    async (req) => experiments.closeExperiment(ctx, callerOf(req), req.params.id),
  );

  app.get(
    "/orgs/:orgId/experiments/:id/results",
    { config: { access }, schema: { tags, params: s.experimentParams } },
    async (req) => getResults(ctx, membershipOf(req).organizationId, req.params.id),
  );

  app.get(
    "/orgs/:orgId/experiments/:id/export.csv",
    { config: { access }, schema: { tags, params: s.experimentParams } },
    async (req, reply) => {
      const csv = await exportCsv(ctx, membershipOf(req).organizationId, req.params.id);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="experiment.csv"')
        .send(csv);
    },
  );
};
