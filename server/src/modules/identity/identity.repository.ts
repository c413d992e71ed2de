import type { Role } from "@languagecloud/domain";
import type { Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  /** Set for an account without email (login cards); its `email` is then a placeholder. */
  username: string | null;
  password_hash: string;
  created_at: string;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "username", "password_hash", "created_at"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "username", "password_hash", "created_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertUser(
  db: Executor,
  u: { email: string; name: string; passwordHash: string; username?: string },
): Promise<UserRow> {
  const now = nowIso();
  const row = {
    id: newId(),
    email: u.email.toLowerCase(),
    name: u.name,
    username: u.username ?? null,
    password_hash: u.passwordHash,
    created_at: now,
  };
  await db
    .insertInto("users")
    .values({ ...row, updated_at: now })
    .execute();
  return row;
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, updated_at: nowIso() })
    .where("id", "=", userId)
    .execute();
}

export async function insertOrganization(db: Executor, name: string) {
  const now = nowIso();
  const row = { id: newId(), name, created_at: now, updated_at: now };
  await db.insertInto("organizations").values(row).execute();
  return row;
}

export async function insertMembership(db: Executor, organizationId: string, userId: string, role: Role) {
  await db
    .insertInto("memberships")
    .values({ organization_id: organizationId, user_id: userId, role, created_at: nowIso() })
    .execute();
}

export async function findRole(db: Executor, organizationId: string, userId: string): Promise<Role | null> {
  const row = await db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

export async function listMembershipsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .select(["o.id", "o.name", "o.created_at", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
}

export async function insertPasswordReset(db: Executor, userId: string, tokenHash: string, expiresAt: string) {
  await db
    .insertInto("password_resets")
    .values({ token_hash: tokenHash, user_id: userId, created_at: nowIso(), expires_at: expiresAt, used_at: null })
    .execute();
}

/** Marks a reset token used; returns its user only if it was unused and unexpired (single use, race-free). */
export async function consumePasswordReset(db: Executor, tokenHash: string): Promise<string | null> {
  const now = nowIso();
  const row = await db
    .selectFrom("password_resets")
    .select(["user_id"])
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!row) return null;
  const res = await db
    .updateTable("password_resets")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? row.user_id : null;
}
