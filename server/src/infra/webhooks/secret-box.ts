/**
 * Encryption of webhook signing secrets at rest. They cannot be hashed (we need them to sign), so they are sealed
 * with AES-256-GCM under a key derived (HKDF-SHA256) from SESSION_SECRET: a copy of the database alone does not
 * reveal them. Rotating SESSION_SECRET makes existing webhook secrets unreadable: re-create the endpoints then.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";
const keys = new Map<string, Buffer>();

function keyFrom(masterSecret: string): Buffer {
  let key = keys.get(masterSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", masterSecret, "languagecloud", "webhook-signing-secrets", 32));
    keys.set(masterSecret, key);
  }
  return key;
}

export function sealSecret(masterSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(masterSecret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
}

export function openSecret(masterSecret: string, sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(masterSecret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
