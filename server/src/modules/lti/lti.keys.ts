/**
 * The tool's signing keys (RS256). Made on first use, the private JWK sealed like the other secrets
 * (`infra/webhooks/secret-box.ts`, AES-256-GCM under a key derived from SESSION_SECRET); the newest unretired key
 * signs, and every key retired less than a day ago is still published, so platforms that cached our JWKS keep
 * verifying what was signed just before a rotation.
 */
import { randomBytes } from "node:crypto";
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { isUniqueViolation } from "../../db/dialect.ts";
import type { Db } from "../../db/types.ts";
import { openSecret, sealSecret } from "../../infra/webhooks/secret-box.ts";
import { nowIso } from "../../lib/ids.ts";

/** What the keys need: the database and the secret that seals them (the API's context, or the command's). */
export interface KeyContext {
  database: { db: Db };
  config: { SESSION_SECRET: string };
}
type AppContext = KeyContext;

/** A retired key stays in the JWKS this long. */
export const RETIRED_KEY_GRACE_MS = 86_400_000;

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

async function newKey(ctx: AppContext): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `lc-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString("hex")}`;
  const pub = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: "RS256" };
  await ctx.database.db
    .insertInto("lti_keys")
    .values({
      kid,
      public_jwk: JSON.stringify(pub),
      private_jwk_sealed: sealSecret(ctx.config.SESSION_SECRET, JSON.stringify(priv)),
      created_at: nowIso(),
      retired_at: null,
    })
    .execute();
  return kid;
}

async function currentRow(ctx: AppContext) {
  return ctx.database.db
    .selectFrom("lti_keys")
    .selectAll()
    .where("retired_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("kid", "desc")
    .limit(1)
    .executeTakeFirst();
}

const imported = new Map<string, CryptoKey>();

/** The key that signs now (made on first use). */
export async function signingKey(ctx: AppContext): Promise<SigningKey> {
  let row = await currentRow(ctx);
  if (!row) {
    try {
      await newKey(ctx);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    row = await currentRow(ctx);
  }
  if (!row) throw new Error("no LTI signing key");
  let key = imported.get(row.kid);
  if (!key) {
    const jwk = JSON.parse(openSecret(ctx.config.SESSION_SECRET, row.private_jwk_sealed)) as JWK;
    key = (await importJWK(jwk, "RS256")) as CryptoKey;
    imported.set(row.kid, key);
  }
  return { kid: row.kid, key };
}

/** The public keys: the current one and those retired within the grace period. */
export async function publicJwks(ctx: AppContext): Promise<{ keys: JWK[] }> {
  await signingKey(ctx);
  const since = new Date(Date.now() - RETIRED_KEY_GRACE_MS).toISOString();
  const rows = await ctx.database.db
    .selectFrom("lti_keys")
    .select(["public_jwk"])
    .where((eb) => eb.or([eb("retired_at", "is", null), eb("retired_at", ">", since)]))
    .orderBy("created_at", "desc")
    .execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}

/** A new signing key; the previous ones are retired (and still published for the grace period). */
export async function rotateKeys(ctx: AppContext): Promise<{ kid: string }> {
  const at = nowIso();
  await ctx.database.db.updateTable("lti_keys").set({ retired_at: at }).where("retired_at", "is", null).execute();
  return { kid: await newKey(ctx) };
}
