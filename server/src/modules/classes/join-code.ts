/**
 * Class join codes: short enough to read aloud and type on a phone, long enough that guessing one is hopeless
 * behind the per-IP limit (31^8 ≈ 8.5 × 10^11 codes). The alphabet has no 0/O, 1/I/L look-alikes; codes are stored
 * upper-case and compared after `normalizeJoinCode`, so the student may type them in any case, with spaces or dashes.
 */
import { randomInt } from "node:crypto";

export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 8;

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** What the student typed → the stored form (upper-case, no separators). */
export function normalizeJoinCode(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}
