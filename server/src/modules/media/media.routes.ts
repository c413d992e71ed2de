import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { badRequest } from "../../lib/errors.ts";
import { ANY_MEMBER, membershipOf, STAFF } from "../../plugins/access.ts";
import * as s from "./media.schema.ts";
import * as media from "./media.service.ts";

const tags = ["content"];

const callerOf = (req: FastifyRequest): media.Caller => ({
  organizationId: membershipOf(req).organizationId,
  userId: req.principal?.userId ?? null,
});

export const mediaRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // In this module's scope only: one file per request, at most UPLOAD_MAX_BYTES (beyond → 413).
  await app.register(multipart, {
    limits: { fileSize: ctx.config.UPLOAD_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
  });

  app.post(
    "/orgs/:orgId/media",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.orgParams, consumes: ["multipart/form-data"], response: { 201: s.mediaDto } },
    },
    async (req, reply) => {
      const part = await req.file();
      if (part?.fieldname !== "file") {
        part?.file.resume();
        throw badRequest("file_required", "Send the file in a multipart field named `file`.", [
          { field: "body.file", message: "is required" },
        ]);
      }
      return reply.status(201).send(await media.uploadMedia(ctx, callerOf(req), part));
    },
  );

  app.get(
    "/orgs/:orgId/media",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.orgParams, querystring: s.listMediaQuery },
    },
    async (req) => media.listMedia(ctx, membershipOf(req).organizationId, req.query),
  );

  // Students read media too: the audio and pictures of their exercises.
  app.get(
    "/orgs/:orgId/media/:id",
    { config: { access: { roles: ANY_MEMBER } }, schema: { tags, params: s.mediaParams } },
    async (req, reply) => {
      const header = (name: string) => {
        const v = req.headers[name];
        return typeof v === "string" ? v : undefined;
      };
      const res = await media.openMedia(ctx, membershipOf(req).organizationId, req.params.id, {
        range: header("range"),
        ifNoneMatch: header("if-none-match"),
        ifRange: header("if-range"),
      });
      // An uploaded file may be opened on its own in a tab: it gets the pages' policy, not the lean API set.
      reply.status(res.status).headers(res.headers).header("content-security-policy", app.documentCsp);
      return res.body ? reply.send(res.body) : reply.send();
    },
  );

  app.delete(
    "/orgs/:orgId/media/:id",
    { config: { access: { roles: STAFF } }, schema: { tags, params: s.mediaParams } },
    async (req, reply) => {
      await media.deleteMedia(ctx, membershipOf(req).organizationId, req.params.id);
      return reply.status(204).send();
    },
  );
};
