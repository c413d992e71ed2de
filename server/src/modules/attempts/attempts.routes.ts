import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { badRequest } from "../../lib/errors.ts";
import { ANY_MEMBER, STAFF, userIdOf } from "../../plugins/access.ts";
import { assignmentCallerOf } from "../assignments/caller.ts";
import * as s from "./attempts.schema.ts";
import * as attempts from "./attempts.service.ts";
import * as grading from "./grading.service.ts";
import { submitAttempt } from "./submit.service.ts";

const tags = ["attempts"];
const members = { access: { roles: ANY_MEMBER } };
const staff = { access: { roles: STAFF } };

export const attemptRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/orgs/:orgId/assignments/:assignmentId/attempts",
    {
      config: members,
      schema: { tags, params: s.assignmentParams, response: { 200: s.attemptDto, 201: s.attemptDto } },
      ...s.plainJson,
    },
    async (req, reply) => {
      const { created, dto } = await attempts.startAttempt(ctx, assignmentCallerOf(req), req.params.assignmentId);
      return reply.status(created ? 201 : 200).send(dto);
    },
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/attempts",
    {
      config: staff,
      schema: {
        tags,
        params: s.assignmentParams,
        querystring: s.listQuery,
        response: { 200: s.pageOf(s.attemptSummaryDto) },
      },
    },
    async (req) => attempts.listAttempts(ctx, assignmentCallerOf(req), req.params.assignmentId, req.query),
  );

  app.get(
    "/orgs/:orgId/attempts/:attemptId",
    { config: members, schema: { tags, params: s.attemptParams, response: { 200: s.attemptDto } }, ...s.plainJson },
    async (req) => attempts.getAttempt(ctx, assignmentCallerOf(req), req.params.attemptId),
  );

  app.put(
    "/orgs/:orgId/attempts/:attemptId/responses/:itemId",
    {
      config: members,
      schema: { tags, params: s.itemParams, body: s.saveResponseBody, response: { 200: s.savedDto } },
    },
    async (req) =>
      attempts.saveResponse(ctx, assignmentCallerOf(req), req.params.attemptId, req.params.itemId, req.body.response),
  );

  app.post(
    "/orgs/:orgId/attempts/:attemptId/submit",
    {
      config: members,
      schema: { tags, params: s.attemptParams, body: s.submitBody, response: { 200: s.attemptDto } },
      ...s.plainJson,
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"];
      if (typeof key !== "string" || !s.IDEMPOTENCY_KEY.test(key)) {
        throw badRequest(
          "idempotency_key_required",
          "Send an Idempotency-Key header (1 to 255 printable characters, e.g. a UUID) with every submit.",
        );
      }
      const caller = { ...assignmentCallerOf(req), userId: userIdOf(req) };
      const result = await submitAttempt(ctx, caller, req.params.attemptId, key, req.body ?? {});
      // Always 200 here: refusals (replayed ones too) are thrown as errors. A fresh submit's answer comes already
      // serialized (the text stored for replays), so it is not serialized a second time.
      if (result.json)
        return reply
          .status(200)
          .type("application/json; charset=utf-8")
          .send(result.json as never);
      return reply.status(200).send(result.body as never);
    },
  );

  app.get(
    "/orgs/:orgId/assignments/:assignmentId/grading",
    {
      config: staff,
      schema: {
        tags,
        params: s.assignmentParams,
        querystring: s.queueQuery,
        response: { 200: s.pageOf(s.queueEntryDto) },
      },
    },
    async (req) => grading.gradingQueue(ctx, assignmentCallerOf(req), req.params.assignmentId, req.query),
  );

  app.put(
    "/orgs/:orgId/responses/:responseId/grade",
    {
      config: staff,
      schema: { tags, params: s.responseParams, body: s.gradeBody, response: { 200: s.responseGradeDto } },
    },
    async (req) => grading.gradeResponse(ctx, assignmentCallerOf(req), req.params.responseId, req.body),
  );
};
