/**
 * Password hashing with scrypt from node:crypto (memory-hard, no native dependency). The stored form carries its
 * parameters, so the cost can be raised later without invalidating existing hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

export { MIN_PASSWORD_LENGTH } from "@languagecloud/domain/api/limits";

function scryptAsync(password: string, salt: Buffer, keylen: number, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Hashes with N = 2^cost (15 by default: ~50 ms, 32 MiB). */
export async function hashPassword(password: string, cost = 15): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = await scryptAsync(password, salt, 32, N, 8, 1);
  return `scrypt$${N}$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split("$");
  if (alg !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scryptAsync(
    password,
    Buffer.from(salt, "base64url"),
    expected.length,
    Number(n),
    Number(r),
    Number(p),
  );
  return timingSafeEqual(key, expected);
}

/** A hash of a random password, to spend the same time on unknown accounts as on known ones. */
let decoy: Promise<string> | undefined;
export function decoyHash(cost: number): Promise<string> {
  decoy ??= hashPassword(randomBytes(12).toString("hex"), cost);
  return decoy;
}
