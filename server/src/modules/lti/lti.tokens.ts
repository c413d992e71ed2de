/**
 * Access tokens from a platform's token endpoint: the OAuth 2 client-credentials grant with our signed JWT as the
 * client assertion (1EdTech Security Framework §4.1). Cached per platform and scope set until shortly before
 * they expire.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { AppContext } from "../../context.ts";
import type { LtiPlatformsTable } from "../../db/tables/lti.tables.ts";
import { signingKey } from "./lti.keys.ts";
import { platformRequest } from "./lti.outbound.ts";

const cache = new Map<string, { token: string; until: number }>();

export class PlatformCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export async function clientAssertion(ctx: AppContext, platform: LtiPlatformsTable): Promise<string> {
  const { kid, key } = await signingKey(ctx);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(platform.client_id)
    .setSubject(platform.client_id)
    .setAudience(platform.auth_token_url)
    .setIssuedAt()
    .setExpirationTime("5m")
    .setJti(randomUUID())
    .sign(key);
}

export async function accessToken(ctx: AppContext, platform: LtiPlatformsTable, scopes: string[]): Promise<string> {
  const cacheKey = `${platform.id} ${platform.updated_at} ${scopes.join(" ")}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.token;
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: await clientAssertion(ctx, platform),
    scope: scopes.join(" "),
  }).toString();
  const res = await platformRequest(ctx, platform.auth_token_url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body,
  });
  if (res.status !== 200) throw new PlatformCallError(`the token endpoint answered HTTP ${res.status}`, res.status);
  const parsed = JSON.parse(res.body) as { access_token?: string; expires_in?: number };
  if (!parsed.access_token) throw new PlatformCallError("the token endpoint gave no access_token", res.status);
  const lifeMs = Math.max(0, (Number(parsed.expires_in) || 3600) * 1000 - 60_000);
  cache.set(cacheKey, { token: parsed.access_token, until: Date.now() + lifeMs });
  return parsed.access_token;
}

/** Forgets a token the platform refused (401), so the next call asks for a new one. */
export function dropAccessToken(platform: LtiPlatformsTable, scopes: string[]): void {
  cache.delete(`${platform.id} ${platform.updated_at} ${scopes.join(" ")}`);
}
