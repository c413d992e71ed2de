/** Registration of LMS platforms by an organization's admins, and what they see of launches and scores. */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { outboundAllowList } from "../../infra/webhooks/request.ts";
import { checkWebhookUrl, UrlNotAllowedError } from "../../infra/webhooks/ssrf.ts";
import { conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";
import { forgetFrameOrigins } from "./lti.frame-origins.ts";
import { presentLaunch, presentPlatform, presentScore } from "./lti.presenter.ts";
import * as repo from "./lti.repository.ts";

interface PlatformInput {
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  authTokenUrl: string;
  jwksUrl: string;
}

async function checkUrls(ctx: AppContext, input: Partial<PlatformInput>) {
  const allow = outboundAllowList(ctx.config);
  // The login URL is only a browser redirect; the token and JWKS URLs are called by our servers.
  for (const field of ["authTokenUrl", "jwksUrl"] as const) {
    const url = input[field];
    if (!url) continue;
    try {
      await checkWebhookUrl(url, { allow });
    } catch (err) {
      if (err instanceof UrlNotAllowedError) {
        throw unprocessable("url_not_allowed", `${field}: ${err.message}`, { field });
      }
      throw err;
    }
  }
}

/**
 * What the audit log keeps of a registration: every field (none is secret: the platform's keys are fetched from its
 * JWKS URL, ours never leave the server), so an admin can see who pointed the tool at which LMS, and when.
 */
function auditedFields(input: Partial<PlatformInput>) {
  const out: Record<string, unknown> = {};
  for (const key of ["name", "issuer", "clientId", "deploymentIds", "authLoginUrl", "authTokenUrl", "jwksUrl"] as const)
    if (input[key] !== undefined) out[AUDIT_NAMES[key] ?? key] = input[key];
  return out;
}

/** The audit drops any key that mentions a token; the token endpoint's URL is no secret, so it has another name. */
const AUDIT_NAMES: Partial<Record<keyof PlatformInput, string>> = { authTokenUrl: "authServerUrl" };

const duplicate = () => conflict("platform_exists", "A platform with this issuer and client id is already registered.");

export async function createPlatform(
  ctx: AppContext,
  organizationId: string,
  input: PlatformInput,
  actor: AuditActor,
  via: "admin" | "dynamic_registration" = "admin",
) {
  await checkUrls(ctx, input);
  const now = nowIso();
  const row = {
    id: newId(),
    organization_id: organizationId,
    name: input.name,
    issuer: input.issuer,
    client_id: input.clientId,
    deployment_ids: JSON.stringify(input.deploymentIds),
    auth_login_url: input.authLoginUrl,
    auth_token_url: input.authTokenUrl,
    jwks_url: input.jwksUrl,
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.database.db.transaction().execute(async (trx) => {
      await repo.insertPlatform(trx, row);
      await recordAudit(trx, {
        organizationId,
        actor,
        action: "lti.platform_registered",
        target: { type: "lti_platform", id: row.id },
        details: { ...auditedFields(input), via },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  forgetFrameOrigins(ctx);
  return presentPlatform(ctx, row);
}

export async function getPlatform(ctx: AppContext, organizationId: string, id: string) {
  const row = await repo.findPlatform(ctx.database.db, organizationId, id);
  if (!row) throw notFound("platform");
  return presentPlatform(ctx, row);
}

export async function listPlatforms(ctx: AppContext, organizationId: string) {
  const rows = await repo.listPlatforms(ctx.database.read, organizationId);
  return { items: rows.map((r) => presentPlatform(ctx, r)), nextCursor: null };
}

export async function updatePlatform(
  ctx: AppContext,
  organizationId: string,
  id: string,
  input: Partial<PlatformInput>,
  actor: AuditActor,
) {
  const before = await repo.findPlatform(ctx.database.db, organizationId, id);
  if (!before) throw notFound("platform");
  await checkUrls(ctx, input);
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.issuer !== undefined ? { issuer: input.issuer } : {}),
    ...(input.clientId !== undefined ? { client_id: input.clientId } : {}),
    ...(input.deploymentIds !== undefined ? { deployment_ids: JSON.stringify(input.deploymentIds) } : {}),
    ...(input.authLoginUrl !== undefined ? { auth_login_url: input.authLoginUrl } : {}),
    ...(input.authTokenUrl !== undefined ? { auth_token_url: input.authTokenUrl } : {}),
    ...(input.jwksUrl !== undefined ? { jwks_url: input.jwksUrl } : {}),
    updated_at: nowIso(),
  };
  const was = auditedFields(presentPlatform(ctx, before));
  const changed = Object.fromEntries(
    Object.entries(auditedFields(input)).filter(([k, v]) => JSON.stringify(was[k]) !== JSON.stringify(v)),
  );
  try {
    await ctx.database.db.transaction().execute(async (trx) => {
      await repo.updatePlatform(trx, organizationId, id, set);
      await recordAudit(trx, {
        organizationId,
        actor,
        action: "lti.platform_updated",
        target: { type: "lti_platform", id },
        details: {
          changed,
          previous: Object.fromEntries(Object.keys(changed).map((k) => [k, was[k]])),
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  forgetFrameOrigins(ctx);
  return getPlatform(ctx, organizationId, id);
}

export async function deletePlatform(ctx: AppContext, organizationId: string, id: string, actor: AuditActor) {
  await ctx.database.db.transaction().execute(async (trx) => {
    const row = await repo.findPlatform(trx, organizationId, id);
    if (!row || !(await repo.deletePlatform(trx, organizationId, id))) throw notFound("platform");
    await recordAudit(trx, {
      organizationId,
      actor,
      action: "lti.platform_deleted",
      target: { type: "lti_platform", id },
      details: { name: row.name, issuer: row.issuer, clientId: row.client_id },
    });
  });
  forgetFrameOrigins(ctx);
}

export async function recentActivity(ctx: AppContext, organizationId: string) {
  const [launches, scores] = await Promise.all([
    repo.listLaunches(ctx.database.read, organizationId, 50),
    repo.listScores(ctx.database.read, organizationId, 50),
  ]);
  return { launches: launches.map(presentLaunch), scores: scores.map(presentScore) };
}
