/** `GET /classes/{id}/reteach` (methodology.md §4). Thin: validate, call. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import * as s from "../insight/insight.schema.ts";
import { getReteach } from "./reteach.service.ts";

export const reteachRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/classes/:id/reteach",
    { config: { access: { roles: STAFF } }, schema: { tags: ["insight"], params: s.classParams } },
    async (req) => getReteach(ctx, membershipOf(req).organizationId, req.params.id),
  );
};
