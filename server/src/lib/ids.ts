import { randomBytes } from "node:crypto";

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp then random bits. Generated in the app because MySQL has no
 * RETURNING, and time-ordered so that primary-key indexes stay append-mostly and cursors sort by creation.
 */
export function newId(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The current time as the ISO 8601 UTC string stored in every timestamp column. */
export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString();
}
