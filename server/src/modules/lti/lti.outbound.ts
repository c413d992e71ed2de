/**
 * Every call the tool makes to a platform (its JWKS, token endpoint, AGS and NRPS) goes through the SSRF guard:
 * the URLs come from an organization's registration, so they are tenant input.
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { AppContext } from "../../context.ts";
import {
  type OutboundRequest,
  type OutboundResponse,
  outboundAllowList,
  outboundRequest,
} from "../../infra/webhooks/request.ts";

export function platformRequest(ctx: AppContext, url: string, req: OutboundRequest = {}): Promise<OutboundResponse> {
  return outboundRequest(url, { timeoutMs: 10_000, ...req }, { allow: outboundAllowList(ctx.config) });
}

const JWKS_TTL_MS = 5 * 60_000;
/** A refetch for an unknown `kid` (the platform rotated) at most this often per URL. */
const REFETCH_MIN_MS = 1_000;
const cache = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();

async function fetchJwks(ctx: AppContext, url: string): Promise<JSONWebKeySet> {
  const res = await platformRequest(ctx, url, { headers: { accept: "application/json" }, maxBytes: 256 * 1024 });
  if (res.status !== 200) throw new Error(`the platform's JWKS answered HTTP ${res.status}`);
  const body = JSON.parse(res.body) as JSONWebKeySet;
  if (!Array.isArray(body.keys)) throw new Error("the platform's JWKS has no keys");
  cache.set(url, { keys: body, fetchedAt: Date.now() });
  return body;
}

/** A key resolver for jwtVerify: cached keys, fetched again when stale or when the token names an unknown kid. */
export function platformKeys(ctx: AppContext, url: string): JWTVerifyGetKey {
  return async (header, token) => {
    let entry = cache.get(url);
    if (!entry || Date.now() - entry.fetchedAt > JWKS_TTL_MS) {
      await fetchJwks(ctx, url);
      entry = cache.get(url);
    }
    const known = entry?.keys.keys.some((k) => k.kid === header.kid);
    if (!known && entry && Date.now() - entry.fetchedAt > REFETCH_MIN_MS) await fetchJwks(ctx, url);
    return createLocalJWKSet((cache.get(url) as { keys: JSONWebKeySet }).keys)(header, token);
  };
}

/** Tests: forget cached platform keys. */
export function clearPlatformKeyCache(): void {
  cache.clear();
}
