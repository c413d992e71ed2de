/**
 * Webhook signatures, in the style receivers know from other services: the header
 * `LanguageCloud-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The timestamp lets a
 * receiver refuse replays of old deliveries; `v1` leaves room to rotate the scheme later.
 */
import { createHmac, randomBytes } from "node:crypto";

export const SIGNATURE_HEADER = "LanguageCloud-Signature";
export const EVENT_ID_HEADER = "LanguageCloud-Event-Id";

/** A new signing secret (shown to the admin once, as `whsec_…`). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/**
 * One `v1` per secret: after a rotation the new secret's comes first and the previous one's follows until it
 * expires, so a receiver that accepts any matching `v1` keeps verifying while it switches secrets.
 */
export function signatureHeader(secrets: string | readonly string[], body: string, unixSeconds: number): string {
  const macs = [secrets]
    .flat()
    .map((secret) => `v1=${createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`);
  return `t=${unixSeconds},${macs.join(",")}`;
}
