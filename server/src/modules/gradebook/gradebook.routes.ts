import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import { classParams } from "../classes/classes.schema.ts";
import { contentDisposition } from "../media/disposition.ts";
import { gradebookCsv } from "./gradebook.service.ts";

export const gradebookRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/classes/:classId/gradebook.csv",
    { config: { access: { roles: STAFF } }, schema: { tags: ["classes"], params: classParams } },
    async (req, reply) => {
      const file = await gradebookCsv(ctx, membershipOf(req).organizationId, req.params.classId);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", contentDisposition("attachment", file.filename))
        .header("cache-control", "private, no-store")
        .send(file.body);
    },
  );
};
