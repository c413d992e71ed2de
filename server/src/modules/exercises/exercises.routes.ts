import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import { contentDisposition } from "../media/disposition.ts";
import * as s from "./exercises.schema.ts";
import * as exercises from "./exercises.service.ts";

const tags = ["content"];
/** Authoring is for staff: students never see the library, only the versions their assignments pin. */
const access = { roles: STAFF };

const callerOf = (req: FastifyRequest): exercises.Caller => ({
  organizationId: membershipOf(req).organizationId,
  userId: req.principal?.userId ?? null,
});

export const exerciseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // A whole imported exercise can be larger than an ordinary JSON body.
  const bodyLimit = Math.max(ctx.config.BODY_LIMIT_BYTES, 8 * 1024 * 1024);

  app.get(
    "/orgs/:orgId/exercises",
    { config: { access }, schema: { tags, params: s.orgParams, querystring: s.listExercisesQuery } },
    async (req) => exercises.listExercises(ctx, membershipOf(req).organizationId, req.query),
  );

  app.post(
    "/orgs/:orgId/exercises",
    { bodyLimit, config: { access }, schema: { tags, params: s.orgParams, body: s.createExerciseBody } },
    async (req, reply) => reply.status(201).send(await exercises.createExercise(ctx, callerOf(req), req.body)),
  );

  // "Start with examples": an empty library loads the demo content into itself (issue 15, item 17).
  app.post(
    "/orgs/:orgId/exercises/examples",
    { config: { access }, schema: { tags, params: s.orgParams } },
    async (req, reply) => reply.status(201).send(await exercises.loadExamples(ctx, callerOf(req))),
  );

  app.get(
    "/orgs/:orgId/exercises/:id",
    { config: { access }, schema: { tags, params: s.exerciseParams } },
    async (req) => exercises.getExercise(ctx, membershipOf(req).organizationId, req.params.id),
  );

  app.patch(
    "/orgs/:orgId/exercises/:id",
    { bodyLimit, config: { access }, schema: { tags, params: s.exerciseParams, body: s.patchExerciseBody } },
    async (req) => exercises.editExercise(ctx, callerOf(req), req.params.id, req.body),
  );

  app.delete(
    "/orgs/:orgId/exercises/:id",
    { config: { access }, schema: { tags, params: s.exerciseParams } },
    async (req, reply) => {
      await exercises.archiveExercise(ctx, callerOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    "/orgs/:orgId/exercises/:id/publish",
    {
      config: { access },
      schema: { tags, params: s.exerciseParams, response: { 200: s.publishedDto, 201: s.publishedDto } },
    },
    async (req, reply) => {
      const { created, body } = await exercises.publishExercise(ctx, callerOf(req), req.params.id);
      return reply.status(created ? 201 : 200).send(body);
    },
  );

  app.get(
    "/orgs/:orgId/exercises/:id/versions",
    { config: { access }, schema: { tags, params: s.exerciseParams, querystring: s.listVersionsQuery } },
    async (req) => exercises.listVersions(ctx, membershipOf(req).organizationId, req.params.id, req.query),
  );

  app.get(
    "/orgs/:orgId/exercises/:id/versions/:version",
    { config: { access }, schema: { tags, params: s.versionParams } },
    async (req) => exercises.getVersion(ctx, membershipOf(req).organizationId, req.params.id, req.params.version),
  );

  app.get(
    "/orgs/:orgId/exercises/:id/export",
    { config: { access }, schema: { tags, params: s.exerciseParams, querystring: s.exportQuery } },
    async (req, reply) => {
      const file = await exercises.exportExercise(
        ctx,
        membershipOf(req).organizationId,
        req.params.id,
        req.query.format,
        req.query.version,
      );
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", contentDisposition("attachment", file.filename))
        .header("x-content-type-options", "nosniff")
        .send(file.body);
    },
  );
};
