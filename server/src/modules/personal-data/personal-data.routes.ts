import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { ADMINS, membershipOf } from "../../plugins/access.ts";
import { contentDisposition } from "../media/disposition.ts";
import { memberParams } from "../organizations/organizations.schema.ts";
import { erasePerson, exportPersonalData } from "./personal-data.service.ts";

const tags = ["organization"];

export const eraseBody = z
  .object({ attempts: z.enum(["keep", "delete"]).default("keep") })
  .strict()
  .default({ attempts: "keep" });

export const eraseDto = z.object({
  userId: z.string(),
  accountKept: z.boolean(),
  attempts: z.enum(["keep", "delete"]),
  changed: z.record(z.string(), z.number()),
});

/** `GET …/members/{userId}/data-export` and `POST …/members/{userId}/erase` (operations.md), admins only. */
export const personalDataRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/members/:userId/data-export",
    { config: { access: { roles: ADMINS } }, schema: { tags, params: memberParams } },
    async (req, reply) => {
      const file = await exportPersonalData(ctx, membershipOf(req).organizationId, req.params.userId);
      return reply
        .header("content-type", "application/zip")
        .header("content-disposition", contentDisposition("attachment", file.filename))
        .header("cache-control", "private, no-store")
        .send(file.body);
    },
  );

  app.post(
    "/orgs/:orgId/members/:userId/erase",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: memberParams, body: eraseBody, response: { 200: eraseDto } },
    },
    async (req) =>
      erasePerson(ctx, { ...membershipOf(req), principal: req.principal }, req.params.userId, {
        attempts: req.body?.attempts ?? "keep",
      }),
  );
};
