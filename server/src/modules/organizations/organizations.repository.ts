import type { Role } from "@languagecloud/domain";
import type { Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

export async function findOrganization(db: Executor, organizationId: string) {
  return db
    .selectFrom("organizations")
    .select(["id", "name", "created_at"])
    .where("id", "=", organizationId)
    .executeTakeFirst();
}

export async function renameOrganization(db: Executor, organizationId: string, name: string) {
  await db.updateTable("organizations").set({ name, updated_at: nowIso() }).where("id", "=", organizationId).execute();
}

/** Members in name order, paginated by (name, id) so that pages are stable while people join. */
export async function listMembers(
  db: Executor,
  organizationId: string,
  opts: { limit: number; after?: { name: string; id: string }; role?: Role },
) {
  let q = db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.username", "u.created_at", "m.role", "m.created_at as joined_at"])
    .where("m.organization_id", "=", organizationId);
  if (opts.role) q = q.where("m.role", "=", opts.role);
  const after = opts.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb("u.name", ">", after.name), eb.and([eb("u.name", "=", after.name), eb("u.id", ">", after.id)])]),
    );
  }
  return q.orderBy("u.name").orderBy("u.id").limit(opts.limit).execute();
}

export async function findMember(db: Executor, organizationId: string, userId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.username", "u.created_at", "m.role", "m.created_at as joined_at"])
    .where("m.organization_id", "=", organizationId)
    .where("m.user_id", "=", userId)
    .executeTakeFirst();
}

export async function countOwners(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setRole(db: Executor, organizationId: string, userId: string, role: Role) {
  await db
    .updateTable("memberships")
    .set({ role })
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .execute();
}

export async function deleteMembership(db: Executor, organizationId: string, userId: string) {
  await db
    .deleteFrom("memberships")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .execute();
}

export async function insertInvitation(
  db: Executor,
  inv: { organizationId: string; email: string; role: Role; tokenHash: string; invitedBy: string; expiresAt: string },
) {
  const row = {
    id: newId(),
    organization_id: inv.organizationId,
    email: inv.email,
    role: inv.role,
    token_hash: inv.tokenHash,
    invited_by: inv.invitedBy,
    created_at: nowIso(),
    expires_at: inv.expiresAt,
    accepted_at: null,
  };
  await db.insertInto("invitations").values(row).execute();
  return row;
}

/** Deletes the organization's pending (not accepted) invitations of this email, or the one with this id. */
export async function deletePendingInvitations(
  db: Executor,
  organizationId: string,
  which: { email: string } | { id: string },
): Promise<number> {
  let q = db.deleteFrom("invitations").where("organization_id", "=", organizationId).where("accepted_at", "is", null);
  q = "id" in which ? q.where("id", "=", which.id) : q.where("email", "=", which.email);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function listInvitations(db: Executor, organizationId: string, limit: number, afterId?: string) {
  let q = db
    .selectFrom("invitations")
    .select(["id", "email", "role", "expires_at", "accepted_at", "created_at"])
    .where("organization_id", "=", organizationId);
  if (afterId) q = q.where("id", "<", afterId);
  return q.orderBy("id", "desc").limit(limit).execute();
}

export async function findInvitationByToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom("invitations")
    .select(["id", "organization_id", "email", "role", "expires_at", "accepted_at"])
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Single use: only the first of two concurrent accepts wins. */
export async function markInvitationAccepted(db: Executor, id: string): Promise<boolean> {
  const res = await db
    .updateTable("invitations")
    .set({ accepted_at: nowIso() })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
