/**
 * LTI Dynamic Registration (1EdTech, 1.0). An admin makes a registration link (a JWT we sign, naming the
 * organization, valid 24 h); the LMS administrator pastes it into the LMS, which opens it with
 * `openid_configuration` and `registration_token`. We read the platform's configuration (through the SSRF
 * guard), register the tool at its `registration_endpoint`, store the platform as a registration of the
 * organization, and tell the LMS window we are done (`org.imsglobal.lti.close`).
 */
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import type { AppContext } from "../../context.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";
import { AGS_SCOPES, SCOPE_NRPS } from "./lti.claims.ts";
import { publicJwks, signingKey } from "./lti.keys.ts";
import { LtiError } from "./lti.launch.service.ts";
import { platformRequest } from "./lti.outbound.ts";
import { createPlatform } from "./lti.platforms.service.ts";
import { publicBase, toolUrls } from "./lti.presenter.ts";

const AUDIENCE = "lti-dynamic-registration";
const PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration";

export async function createRegistrationLink(ctx: AppContext, organizationId: string, actor: AuditActor) {
  const { kid, key } = await signingKey(ctx);
  const expiresAt = new Date(Date.now() + 86_400_000);
  // The admin who made the link is named in it, so the registration it leads to is audited as theirs.
  const token = await new SignJWT(actor.userId ? { by: actor.userId } : {})
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(publicBase(ctx))
    .setAudience(AUDIENCE)
    .setSubject(organizationId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  await ctx.database.db.transaction().execute((trx) =>
    recordAudit(trx, {
      organizationId,
      actor,
      action: "lti.registration_link_created",
      target: { type: "organization", id: organizationId },
      details: { expiresAt: expiresAt.toISOString() },
    }),
  );
  return { url: `${publicBase(ctx)}/lti/register?lc=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
}

async function organizationOf(ctx: AppContext, token: string): Promise<{ organizationId: string; by: string | null }> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await publicJwks(ctx)), {
      issuer: publicBase(ctx),
      audience: AUDIENCE,
      algorithms: ["RS256"],
    });
    return { organizationId: String(payload.sub), by: typeof payload.by === "string" ? payload.by : null };
  } catch {
    throw new LtiError("This registration link is not valid or has expired. Make a new one in Language Cloud.");
  }
}

interface OpenIdConfiguration {
  issuer?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  jwks_uri?: string;
  registration_endpoint?: string;
  [PLATFORM_CONFIG]?: { product_family_code?: string };
}

async function readJson(ctx: AppContext, url: string, init: Parameters<typeof platformRequest>[2] = {}) {
  const res = await platformRequest(ctx, url, {
    ...init,
    headers: { accept: "application/json", ...(init.headers ?? {}) },
  });
  if (res.status < 200 || res.status >= 300) throw new LtiError(`${url} answered HTTP ${res.status}.`);
  try {
    return JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    throw new LtiError(`${url} did not answer JSON.`);
  }
}

export async function register(
  ctx: AppContext,
  q: { lc?: string; openid_configuration?: string; registration_token?: string },
): Promise<{ platformId: string; name: string }> {
  if (!q.lc) throw new LtiError("Open the registration link made in Language Cloud (it carries the organization).");
  if (!q.openid_configuration) throw new LtiError("The LMS did not send its openid_configuration.");
  const { organizationId, by } = await organizationOf(ctx, q.lc);
  const config = (await readJson(ctx, q.openid_configuration)) as OpenIdConfiguration;
  const { issuer, authorization_endpoint, token_endpoint, jwks_uri, registration_endpoint } = config;
  if (!issuer || !authorization_endpoint || !token_endpoint || !jwks_uri || !registration_endpoint) {
    throw new LtiError("The LMS's configuration lacks issuer, endpoints or jwks_uri.");
  }
  // The configuration must come from the issuer it names (Dynamic Registration §3.5.1).
  if (!q.openid_configuration.startsWith(issuer))
    throw new LtiError("The LMS's configuration does not belong to its issuer.");
  const tool = toolUrls(ctx);
  const body = {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: tool.loginUrl,
    redirect_uris: tool.redirectUris,
    client_name: "Language Cloud",
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: "private_key_jwt",
    scope: [...AGS_SCOPES, SCOPE_NRPS].join(" "),
    [TOOL_CONFIG]: {
      domain: new URL(tool.launchUrl).host,
      target_link_uri: tool.launchUrl,
      claims: ["iss", "sub", "name", "email"],
      messages: [
        { type: "LtiDeepLinkingRequest", target_link_uri: tool.deepLinkingUrl, label: "Language Cloud exercises" },
      ],
    },
  };
  const registered = await readJson(ctx, registration_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(q.registration_token ? { authorization: `Bearer ${q.registration_token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const clientId = typeof registered.client_id === "string" ? registered.client_id : "";
  const deployment = (registered[TOOL_CONFIG] as { deployment_id?: unknown } | undefined)?.deployment_id;
  if (!clientId) throw new LtiError("The LMS's registration answer has no client_id.");
  const name = (config[PLATFORM_CONFIG]?.product_family_code ?? new URL(issuer).host).slice(0, 200);
  const platform = await createPlatform(
    ctx,
    organizationId,
    {
      name,
      issuer,
      clientId,
      deploymentIds: typeof deployment === "string" && deployment ? [deployment] : ["1"],
      authLoginUrl: authorization_endpoint,
      authTokenUrl: token_endpoint,
      jwksUrl: jwks_uri,
    },
    { userId: by },
    "dynamic_registration",
  );
  return { platformId: platform.id, name };
}
