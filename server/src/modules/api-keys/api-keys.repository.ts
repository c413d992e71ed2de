import type { Role } from "@languagecloud/domain";
import type { Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

const PUBLIC_COLUMNS = ["id", "name", "role", "prefix", "created_at", "last_used_at"] as const;

export async function insertApiKey(
  db: Executor,
  k: { organizationId: string; name: string; role: Role; prefix: string; secretHash: string; createdBy: string },
) {
  const row = {
    id: newId(),
    organization_id: k.organizationId,
    name: k.name,
    role: k.role,
    prefix: k.prefix,
    secret_hash: k.secretHash,
    created_by: k.createdBy,
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("api_keys").values(row).execute();
  return row;
}

/** Active keys, newest first. */
export async function listApiKeys(db: Executor, organizationId: string, limit: number, beforeId?: string) {
  let q = db
    .selectFrom("api_keys")
    .select(PUBLIC_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("revoked_at", "is", null);
  if (beforeId) q = q.where("id", "<", beforeId);
  return q.orderBy("id", "desc").limit(limit).execute();
}

export async function findApiKey(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("api_keys")
    .select(PUBLIC_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}

export async function revokeApiKey(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const res = await db
    .updateTable("api_keys")
    .set({ revoked_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The key a secret hash belongs to, if it is still active. Not tenant-scoped: the hash is what names the tenant. */
export async function findActiveKeyByHash(db: Executor, secretHash: string) {
  return db
    .selectFrom("api_keys")
    .select(["id", "organization_id", "role", "last_used_at"])
    .where("secret_hash", "=", secretHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}

/** Records a use unless one was recorded after `notAfter` (so busy keys cost one write a minute, not one a call). */
export async function touchApiKey(db: Executor, id: string, now: string, notAfter: string): Promise<void> {
  await db
    .updateTable("api_keys")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", notAfter)]))
    .execute();
}
