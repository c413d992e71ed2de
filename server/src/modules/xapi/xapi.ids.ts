/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1) for statement ids, so a statement made twice (a redelivered
 * event, a re-send) has the same id and the LRS keeps one; and pseudonymous actor names (HMAC of the
 * organization and user under SESSION_SECRET: stable, not reversible without the secret).
 */
import { createHash, createHmac } from "node:crypto";

/** Our namespace for statement names (a fixed random UUID). */
const NAMESPACE = Buffer.from("6f1c2a0e9b7d4c3e8a5f0d1b2c3e4f5a", "hex");

export function uuidV5(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const statementId = (attemptId: string, itemId: string, kind: string) =>
  uuidV5(`${attemptId}:${itemId}:${kind}`);

export function pseudonym(secret: string, organizationId: string, userId: string): string {
  return createHmac("sha256", secret).update(`xapi:${organizationId}:${userId}`).digest("hex").slice(0, 32);
}
