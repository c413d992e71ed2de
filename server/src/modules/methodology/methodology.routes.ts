/** Methodology routes (methodology.md §1, §2): version comparison and teaching experiments. Thin: validate, call. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import * as s from "./methodology.schema.ts";
import { compareExerciseVersions } from "./versions-compare.service.ts";

const tags = ["methodology"];
const access = { roles: STAFF };

export const methodologyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/exercises/:id/versions/compare",
    { config: { access }, schema: { tags, params: s.exerciseParams, querystring: s.compareQuery } },
    async (req) => compareExerciseVersions(ctx, membershipOf(req).organizationId, req.params.id, req.query),
  );
};
