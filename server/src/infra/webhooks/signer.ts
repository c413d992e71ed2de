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

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}
