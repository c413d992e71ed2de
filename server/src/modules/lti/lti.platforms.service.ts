/** Registration of LMS platforms by an organization's admins, and what they see of launches and scores. */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { outboundAllowList } from "../../infra/webhooks/request.ts";
import { checkWebhookUrl, UrlNotAllowedError } from "../../infra/webhooks/ssrf.ts";
import { conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
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

const duplicate = () => conflict("platform_exists", "A platform with this issuer and client id is already registered.");

export async function createPlatform(ctx: AppContext, organizationId: string, input: PlatformInput) {
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
    await repo.insertPlatform(ctx.database.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
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
) {
  if (!(await repo.findPlatform(ctx.database.db, organizationId, id))) throw notFound("platform");
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
  try {
    await repo.updatePlatform(ctx.database.db, organizationId, id, set);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  return getPlatform(ctx, organizationId, id);
}

export async function deletePlatform(ctx: AppContext, organizationId: string, id: string) {
  if (!(await repo.deletePlatform(ctx.database.db, organizationId, id))) throw notFound("platform");
}

export async function recentActivity(ctx: AppContext, organizationId: string) {
  const [launches, scores] = await Promise.all([
    repo.listLaunches(ctx.database.read, organizationId, 50),
    repo.listScores(ctx.database.read, organizationId, 50),
  ]);
  return { launches: launches.map(presentLaunch), scores: scores.map(presentScore) };
}
