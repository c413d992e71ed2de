import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ADMINS, membershipOf } from "../../plugins/access.ts";
import * as s from "./audit.schema.ts";
import { listAudit } from "./audit.service.ts";

const tags = ["organization"];

export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/audit",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.orgParams, querystring: s.auditQuery, response: { 200: s.pageOf(s.auditEntryDto) } },
    },
    async (req) => listAudit(ctx, membershipOf(req).organizationId, req.query),
  );
};
