import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { ADMINS, ANY_MEMBER, membershipOf, STAFF } from "../../plugins/access.ts";
import { requestMeta, setSessionCookie } from "../identity/cookie.ts";
import { presentOrganization, presentUser } from "../identity/identity.presenter.ts";
import * as s from "./organizations.schema.ts";
import * as orgs from "./organizations.service.ts";

const tags = ["organization"];

export const organizationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secure = ctx.config.PUBLIC_URL?.startsWith("https://") ?? false;

  app.get(
    "/orgs/:orgId",
    { config: { access: { roles: ANY_MEMBER } }, schema: { tags, params: s.orgParams, response: { 200: s.orgDto } } },
    async (req) => orgs.getOrganization(ctx, membershipOf(req).organizationId),
  );

  app.patch(
    "/orgs/:orgId",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.orgParams, body: s.patchOrgBody, response: { 200: s.orgDto } },
    },
    async (req) => orgs.renameOrganization(ctx, membershipOf(req).organizationId, req.body.name),
  );

  app.get(
    "/orgs/:orgId/members",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.orgParams, querystring: s.membersQuery, response: { 200: s.pageOf(s.memberDto) } },
    },
    async (req) => orgs.listMembers(ctx, membershipOf(req).organizationId, req.query),
  );

  app.get(
    "/orgs/:orgId/members/:userId",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.memberParams, response: { 200: s.memberDto } },
    },
    async (req) => orgs.getMember(ctx, membershipOf(req).organizationId, req.params.userId),
  );

  app.patch(
    "/orgs/:orgId/members/:userId",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.memberParams, body: s.patchMemberBody, response: { 200: s.memberDto } },
    },
    async (req) => orgs.changeRole(ctx, membershipOf(req), req.params.userId, req.body.role),
  );

  app.delete(
    "/orgs/:orgId/members/:userId",
    { config: { access: { roles: ADMINS } }, schema: { tags, params: s.memberParams } },
    async (req, reply) => {
      await orgs.removeMember(ctx, membershipOf(req), req.params.userId);
      return reply.status(204).send();
    },
  );

  app.post(
    "/orgs/:orgId/invitations",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.orgParams, body: s.inviteBody, response: { 201: s.invitationDto } },
    },
    async (req, reply) => {
      const invitedBy = req.principal?.userId ?? `api_key:${req.principal?.apiKey?.id}`;
      const inv = await orgs.invite(ctx, { ...membershipOf(req), userId: invitedBy }, req.body);
      return reply.status(201).send(inv);
    },
  );

  app.get(
    "/orgs/:orgId/invitations",
    {
      config: { access: { roles: ADMINS } },
      schema: { tags, params: s.orgParams, querystring: s.listQuery, response: { 200: s.pageOf(s.invitationDto) } },
    },
    async (req) => orgs.listInvitations(ctx, membershipOf(req).organizationId, req.query),
  );

  app.delete(
    "/orgs/:orgId/invitations/:invitationId",
    { config: { access: { roles: ADMINS } }, schema: { tags, params: s.invitationParams } },
    async (req, reply) => {
      await orgs.revokeInvitation(ctx, membershipOf(req).organizationId, req.params.invitationId);
      return reply.status(204).send();
    },
  );

  app.post(
    "/invitations/:token/accept",
    { config: { access: { public: true } }, schema: { tags, params: s.acceptParams, body: s.acceptBody.optional() } },
    async (req, reply) => {
      const currentUser = req.principal?.kind === "session" ? req.principal.userId : null;
      const result = await orgs.acceptInvitation(ctx, req.params.token, req.body ?? {}, currentUser, requestMeta(req));
      if (result.session) setSessionCookie(reply, result.session, secure);
      return reply.status(200).send({
        user: presentUser(result.user),
        organization: result.org ? presentOrganization(result.org) : null,
        membership: { organizationId: result.org?.id, userId: result.user.id, role: result.role },
      });
    },
  );
};
