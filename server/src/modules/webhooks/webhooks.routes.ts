import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ADMINS, membershipOf } from "../../plugins/access.ts";
import * as s from "./webhooks.schema.ts";
import * as webhooks from "./webhooks.service.ts";

const tags = ["integrations"];
const access = { roles: ADMINS };

export const webhookRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/orgs/:orgId/webhooks",
    {
      config: { access },
      schema: { tags, params: s.orgParams, body: s.createWebhookBody, response: { 201: s.createdWebhookDto } },
    },
    async (req, reply) => {
      const actor = req.principal?.userId ?? `api_key:${req.principal?.apiKey?.id}`;
      const created = await webhooks.createWebhook(ctx, { ...membershipOf(req), actor }, req.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/orgs/:orgId/webhooks",
    {
      config: { access },
      schema: { tags, params: s.orgParams, querystring: s.listQuery, response: { 200: s.pageOf(s.webhookDto) } },
    },
    async (req) => webhooks.listWebhooks(ctx, membershipOf(req).organizationId, req.query),
  );

  app.get(
    "/orgs/:orgId/webhooks/:id",
    { config: { access }, schema: { tags, params: s.webhookParams, response: { 200: s.webhookDto } } },
    async (req) => webhooks.getWebhook(ctx, membershipOf(req).organizationId, req.params.id),
  );

  app.patch(
    "/orgs/:orgId/webhooks/:id",
    {
      config: { access },
      schema: { tags, params: s.webhookParams, body: s.patchWebhookBody, response: { 200: s.webhookDto } },
    },
    async (req) => webhooks.updateWebhook(ctx, membershipOf(req).organizationId, req.params.id, req.body),
  );

  app.delete(
    "/orgs/:orgId/webhooks/:id",
    { config: { access }, schema: { tags, params: s.webhookParams } },
    async (req, reply) => {
      await webhooks.deleteWebhook(ctx, membershipOf(req).organizationId, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    "/orgs/:orgId/webhooks/:id/rotate-secret",
    { config: { access }, schema: { tags, params: s.webhookParams, response: { 200: s.createdWebhookDto } } },
    async (req) => webhooks.rotateWebhookSecret(ctx, membershipOf(req).organizationId, req.params.id),
  );

  app.get(
    "/orgs/:orgId/webhooks/:id/deliveries",
    {
      config: { access },
      schema: {
        tags,
        params: s.webhookParams,
        querystring: s.listQuery,
        response: { 200: s.pageOf(s.deliveryDto) },
      },
    },
    async (req) => webhooks.listDeliveries(ctx, membershipOf(req).organizationId, req.params.id, req.query),
  );

  app.post(
    "/orgs/:orgId/webhook-deliveries/:id/redeliver",
    { config: { access }, schema: { tags, params: s.webhookParams, response: { 200: s.deliveryDto } } },
    async (req) => webhooks.redeliver(ctx, membershipOf(req).organizationId, req.params.id),
  );
};
