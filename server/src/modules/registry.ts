/**
 * The feature modules mounted under `/api/v1`, in one list so that app.ts stays short and a new module is one line.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../context.ts";
import { apiKeyRoutes } from "./api-keys/api-keys.routes.ts";
import { resolveApiKey } from "./api-keys/api-keys.service.ts";
import { auditRoutes } from "./audit/audit.routes.ts";
import { backupExportRoutes } from "./backup/exports.routes.ts";
import { calibrationRoutes } from "./calibration/calibration.routes.ts";
import { classesModuleRoutes } from "./classes/index.ts";
import { exerciseRoutes } from "./exercises/exercises.routes.ts";
import type { ApiKeyResolver } from "./identity/authenticate.ts";
import { importRoutes } from "./imports/imports.routes.ts";
import { insightRoutes } from "./insight/insight.routes.ts";
import { ltiApiRoutes } from "./lti/lti.routes.ts";
import { mediaRoutes } from "./media/media.routes.ts";
import { methodologyRoutes } from "./methodology/methodology.routes.ts";
import { personalDataRoutes } from "./personal-data/personal-data.routes.ts";
import { practiceRoutes } from "./practice/practice.routes.ts";
import { reteachRoutes } from "./reteach/reteach.routes.ts";
import { reviewRoutes } from "./review/review.routes.ts";
import { webhookRoutes } from "./webhooks/webhooks.routes.ts";
import { xapiRoutes } from "./xapi/xapi.routes.ts";

export const apiModules: {
  routes: FastifyPluginAsyncZod<{ ctx: AppContext }>[];
  resolveApiKey?: ApiKeyResolver;
} = {
  routes: [apiKeyRoutes, exerciseRoutes, mediaRoutes, importRoutes, webhookRoutes],
  resolveApiKey,
};
apiModules.routes.push(...classesModuleRoutes);
apiModules.routes.push(insightRoutes);
apiModules.routes.push(auditRoutes);
apiModules.routes.push(ltiApiRoutes);
apiModules.routes.push(personalDataRoutes);
apiModules.routes.push(calibrationRoutes);
apiModules.routes.push(practiceRoutes);
apiModules.routes.push(reteachRoutes);
apiModules.routes.push(xapiRoutes);
apiModules.routes.push(reviewRoutes);
apiModules.routes.push(backupExportRoutes);
apiModules.routes.push(methodologyRoutes);
