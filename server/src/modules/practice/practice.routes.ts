/** Spaced practice routes (methodology.md §4). Thin: validate, call. */
import { responseSchema } from "@languagecloud/domain";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { badRequest } from "../../lib/errors.ts";
import { ANY_MEMBER, membershipOf, STAFF, userIdOf } from "../../plugins/access.ts";
import { IDEMPOTENCY_KEY } from "../attempts/attempts.schema.ts";
import * as s from "../insight/insight.schema.ts";
import { answerCard, classPractice, myPractice } from "./practice.service.ts";

const tags = ["practice"];
const cardParams = z.object({ orgId: z.string(), cardId: z.string().min(1).max(64) });
const answerBody = z.object({ response: responseSchema });

export const practiceRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get("/orgs/:orgId/me/practice", { config: { access: { roles: ANY_MEMBER } }, schema: { tags } }, async (req) =>
    myPractice(ctx, membershipOf(req).organizationId, userIdOf(req)),
  );

  app.post(
    "/orgs/:orgId/me/practice/:cardId/answer",
    { config: { access: { roles: ANY_MEMBER } }, schema: { tags, params: cardParams, body: answerBody } },
    async (req) => {
      const key = req.headers["idempotency-key"];
      if (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key)) {
        throw badRequest(
          "idempotency_key_required",
          "Send an Idempotency-Key header (1 to 255 printable characters, e.g. a UUID) with every practice answer.",
        );
      }
      const caller = { organizationId: membershipOf(req).organizationId, userId: userIdOf(req) };
      return answerCard(ctx, caller, req.params.cardId, key, req.body.response);
    },
  );

  app.get(
    "/orgs/:orgId/classes/:id/practice",
    { config: { access: { roles: STAFF } }, schema: { tags, params: s.classParams } },
    async (req) => classPractice(ctx, membershipOf(req).organizationId, req.params.id),
  );
};
