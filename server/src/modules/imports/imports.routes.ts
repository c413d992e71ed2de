import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { isClientAbort, uploadInterrupted } from "../../lib/client-abort.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import { membershipOf, STAFF } from "../../plugins/access.ts";
import * as s from "./imports.schema.ts";
import * as imports from "./imports.service.ts";

const tags = ["content"];

const callerOf = (req: FastifyRequest): imports.Caller => ({
  organizationId: membershipOf(req).organizationId,
  userId: req.principal?.userId ?? null,
});

export const importRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(multipart, {
    limits: { fileSize: ctx.config.UPLOAD_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
  });

  app.post(
    "/orgs/:orgId/imports",
    {
      config: { access: { roles: STAFF } },
      schema: { tags, params: s.orgParams, consumes: ["multipart/form-data"], response: { 202: s.acceptedDto } },
    },
    async (req, reply) => {
      let file: { filename: string; bytes: Buffer } | undefined;
      const fields: Record<string, string> = {};
      try {
        for await (const part of req.parts()) {
          if (part.type === "file") {
            // Over UPLOAD_MAX_BYTES, toBuffer throws the 413.
            const bytes = await part.toBuffer();
            if (part.fieldname === "file") file = { filename: part.filename, bytes };
          } else if (typeof part.value === "string") {
            fields[part.fieldname] = part.value;
          }
        }
      } catch (err) {
        throw isClientAbort(err) ? uploadInterrupted() : err;
      }
      const parsed = s.importFields.safeParse(fields);
      const problems = [
        ...(parsed.success
          ? []
          : parsed.error.issues.map((i) => ({ field: `body.${i.path.join(".")}`, message: i.message }))),
        ...(file ? [] : [{ field: "body.file", message: "is required" }]),
      ];
      if (!parsed.success || !file) {
        throw new AppError(400, "validation_failed", "Some fields are not valid.", problems);
      }
      if (!file.bytes.length)
        throw badRequest("empty_file", "The file is empty.", [{ field: "body.file", message: "is empty" }]);
      const accepted = await imports.createImport(ctx, callerOf(req), { ...file, ...parsed.data });
      return reply.status(202).send(accepted);
    },
  );

  app.get(
    "/orgs/:orgId/imports/:id",
    { config: { access: { roles: STAFF } }, schema: { tags, params: s.importParams } },
    async (req) => imports.getImport(ctx, membershipOf(req).organizationId, req.params.id),
  );
};
