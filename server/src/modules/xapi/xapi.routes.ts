/** The organization's LRS settings and its test button (admins). */
import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.ts";
import { OutboundError } from "../../infra/webhooks/request.ts";
import { notFound } from "../../lib/errors.ts";
import { ADMINS, membershipOf } from "../../plugins/access.ts";
import { actorOf } from "../audit/audit.service.ts";
import { publicBase } from "../lti/lti.presenter.ts";
import * as s from "./xapi.schema.ts";
import { postStatements } from "./xapi.sender.ts";
import { getSettings, loadLrs, putSettings } from "./xapi.settings.ts";

const tags = ["xapi"];
const access = { roles: ADMINS };

export const xapiRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs/:orgId/xapi",
    { config: { access }, schema: { tags, params: s.orgParams, response: { 200: s.settingsDto } } },
    async (req) => getSettings(ctx, membershipOf(req).organizationId),
  );
  app.put(
    "/orgs/:orgId/xapi",
    {
      config: { access },
      schema: { tags, params: s.orgParams, body: s.putSettingsBody, response: { 200: s.settingsDto } },
    },
    async (req) => putSettings(ctx, membershipOf(req).organizationId, req.body, actorOf(req.principal)),
  );
  app.post(
    "/orgs/:orgId/xapi/test",
    { config: { access }, schema: { tags, params: s.orgParams, response: { 200: s.testDto } } },
    async (req) => {
      const organizationId = membershipOf(req).organizationId;
      const lrs = await loadLrs(ctx, organizationId);
      if (!lrs) throw notFound("LRS settings");
      const base = publicBase(ctx);
      const statementId = randomUUID();
      const statement = {
        id: statementId,
        actor: { objectType: "Agent", account: { homePage: base, name: `org-${organizationId}` } },
        verb: { id: "http://adlnet.gov/expapi/verbs/experienced", display: { "en-US": "experienced" } },
        object: {
          objectType: "Activity",
          id: `${base}/xapi/activities/connection-test`,
          definition: { name: { "en-US": "Language Cloud connection test" } },
        },
        timestamp: new Date().toISOString(),
      };
      try {
        const res = await postStatements(ctx, lrs, [statement]);
        const ok = res.status >= 200 && res.status < 300;
        return {
          ok,
          status: res.status,
          message: ok
            ? "The LRS accepted the test statement."
            : `The LRS answered HTTP ${res.status}: ${res.body.slice(0, 200)}`,
          statementId,
        };
      } catch (err) {
        if (!(err instanceof OutboundError)) throw err;
        return { ok: false, status: null, message: `The LRS could not be reached: ${err.message}`, statementId };
      }
    },
  );
};
