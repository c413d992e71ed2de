import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ADMINS, membershipOf } from "../../plugins/access.ts";
import * as s from "./api-keys.schema.ts";
import * as keys from "./api-keys.service.ts";

const tags = ["integrations"];

export const apiKeyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/api-keys",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.orgParams, querystring: s.listQuery, response: { 200: s.pageOf(s.apiKeyDto) } },
    },
    async (req) => keys.listApiKeys(ctx, membershipOf(req).organizationId, req.query),
  );

  app.post(
    "/orgs/:orgId/api-keys",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.orgParams, body: s.createApiKeyBody, response: { 201: s.createdApiKeyDto } },
    },
    async (req, reply) => {
      const created = await keys.createApiKey(ctx, { ...membershipOf(req), principal: req.principal }, req.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/orgs/:orgId/api-keys/:id",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.apiKeyParams, response: { 200: s.apiKeyDto } },
    },
    async (req) => keys.getApiKey(ctx, membershipOf(req).organizationId, req.params.id),
  );

  app.delete(
    "/orgs/:orgId/api-keys/:id",
    { config: { access: { roles: ADMINS } }, schema: { tags, params: s.apiKeyParams } },
    async (req, reply) => {
      const by = req.principal?.userId ?? `api_key:${req.principal?.apiKey?.id}`;
      await keys.revokeApiKey(ctx, membershipOf(req).organizationId, req.params.id, by);
      return reply.status(204).send();
    },
  );
};
