import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { ADMINS, membershipOf } from "../../plugins/access.ts";
import { contentDisposition } from "../media/disposition.ts";
import { orgParams } from "../organizations/organizations.schema.ts";
import * as exports from "./exports.service.ts";

const tags = ["organization"];
const backupParams = orgParams.extend({ backupId: z.string().min(1).max(64) });
const backupDto = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  progress: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  bytes: z.number().nullable(),
  error: z.string().nullable(),
  downloadUrl: z.string().nullable(),
});

/** Admins' backup downloads (operations.md: "a job with progress; the file expires"). */
export const backupExportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const access = { access: { roles: ADMINS } };
  app.post(
    "/orgs/:orgId/backups",
    { config: access, schema: { tags, params: orgParams, response: { 202: backupDto } } },
    async (req, reply) =>
      reply
        .status(202)
        .send(await exports.requestBackup(ctx, membershipOf(req).organizationId, req.principal?.userId ?? null)),
  );
  app.get(
    "/orgs/:orgId/backups",
    { config: access, schema: { tags, params: orgParams, response: { 200: z.object({ items: z.array(backupDto) }) } } },
    async (req) => ({ items: await exports.listBackups(ctx, membershipOf(req).organizationId) }),
  );
  app.get(
    "/orgs/:orgId/backups/:backupId",
    { config: access, schema: { tags, params: backupParams, response: { 200: backupDto } } },
    async (req) => exports.getBackup(ctx, membershipOf(req).organizationId, req.params.backupId),
  );
  app.get(
    "/orgs/:orgId/backups/:backupId/download",
    { config: access, schema: { tags, params: backupParams } },
    async (req, reply) => {
      const file = await exports.openDownload(ctx, membershipOf(req).organizationId, req.params.backupId);
      return reply
        .header("content-type", "application/gzip")
        .header("content-length", String(file.bytes))
        .header("content-disposition", contentDisposition("attachment", file.filename))
        .header("cache-control", "private, no-store")
        .send(file.body);
    },
  );
};
