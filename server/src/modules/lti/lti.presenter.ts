import type { AppContext } from "../../context.ts";
import type { LtiLaunchesTable, LtiPlatformsTable, LtiScoresTable } from "../../db/tables/lti.tables.ts";

export function publicBase(ctx: AppContext): string {
  const c = ctx.config;
  return (c.PUBLIC_URL ?? `http://${c.HOST === "0.0.0.0" ? "localhost" : c.HOST}:${c.PORT}`).replace(/\/$/, "");
}

/** The values a platform's administrator pastes into Moodle or Canvas. */
export function toolUrls(ctx: AppContext) {
  const base = publicBase(ctx);
  return {
    loginUrl: `${base}/lti/login`,
    launchUrl: `${base}/lti/launch`,
    jwksUrl: `${base}/lti/jwks`,
    deepLinkingUrl: `${base}/lti/launch`,
    redirectUris: [`${base}/lti/launch`],
  };
}

export function presentPlatform(ctx: AppContext, p: LtiPlatformsTable) {
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    clientId: p.client_id,
    deploymentIds: JSON.parse(p.deployment_ids) as string[],
    authLoginUrl: p.auth_login_url,
    authTokenUrl: p.auth_token_url,
    jwksUrl: p.jwks_url,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    tool: toolUrls(ctx),
  };
}

export function presentLaunch(l: LtiLaunchesTable) {
  return {
    id: l.id,
    platformId: l.platform_id,
    messageType: l.message_type,
    userId: l.user_id,
    ok: l.ok === 1,
    error: l.error,
    createdAt: l.created_at,
  };
}

export function presentScore(s: LtiScoresTable) {
  const body = JSON.parse(s.body) as { scoreGiven?: number; scoreMaximum?: number; gradingProgress?: string };
  return {
    id: s.id,
    platformId: s.platform_id,
    attemptId: s.attempt_id,
    lineItemUrl: s.line_item_url,
    userId: s.lti_user_id,
    scoreGiven: body.scoreGiven ?? null,
    scoreMaximum: body.scoreMaximum ?? null,
    gradingProgress: body.gradingProgress ?? null,
    status: s.status,
    attempts: s.attempt_count,
    lastStatusCode: s.last_status_code,
    lastError: s.last_error,
    createdAt: s.created_at,
    sentAt: s.sent_at,
  };
}
