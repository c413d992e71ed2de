/** `GET /classes/{id}/calibration` (methodology.md §3): the stored class calibration. Thin: validate, call. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import * as s from "../insight/insight.schema.ts";
import { requestCalibration } from "./calibration.jobs.ts";
import { getCalibration } from "./calibration.service.ts";

export const calibrationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/classes/:id/calibration",
    { config: { access: { roles: STAFF } }, schema: { tags: ["insight"], params: s.classParams } },
    async (req) => {
      const orgId = membershipOf(req).organizationId;
      return getCalibration(ctx, orgId, req.params.id, () => requestCalibration(ctx, orgId, req.params.id));
    },
  );
};
