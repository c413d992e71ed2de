/** The organization, its members and their roles, and invitations to join it. */
import type { MemberDto, Role } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { AppError, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { hashPassword, verifyPassword } from "../../lib/passwords.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";
import type { Membership } from "../../plugins/access.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { presentOrganization, presentUser } from "../identity/identity.presenter.ts";
import * as identityRepo from "../identity/identity.repository.ts";
import { createSession } from "../identity/session.ts";
import * as repo from "./organizations.repository.ts";

const INVITATION_TTL_MS = 7 * 86_400_000;

export async function getOrganization(ctx: AppContext, organizationId: string) {
  const org = await repo.findOrganization(ctx.database.read, organizationId);
  if (!org) throw notFound("organization");
  return presentOrganization(org);
}

export async function renameOrganization(ctx: AppContext, organizationId: string, name: string) {
  await repo.renameOrganization(ctx.database.db, organizationId, name);
  return getOrganization(ctx, organizationId);
}

function presentMember(m: {
  id: string;
  email: string;
  name: string;
  username: string | null;
  created_at: string;
  role: Role;
  joined_at: string;
}): MemberDto {
  return { user: presentUser(m), role: m.role, joinedAt: m.joined_at };
}

const isMemberCursor = (v: unknown): v is { name: string; id: string } =>
  typeof v === "object" && v !== null && typeof (v as { name?: unknown }).name === "string";

export async function listMembers(
  ctx: AppContext,
  organizationId: string,
  q: { limit: number; cursor?: string; role?: Role },
) {
  const after = decodeCursor(q.cursor, isMemberCursor);
  const rows = await repo.listMembers(ctx.database.read, organizationId, { limit: q.limit + 1, after, role: q.role });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => ({ name: r.name, id: r.id }));
  return { items: kept.map(presentMember), nextCursor };
}

export async function getMember(ctx: AppContext, organizationId: string, userId: string) {
  const m = await repo.findMember(ctx.database.read, organizationId, userId);
  if (!m) throw notFound("member");
  return presentMember(m);
}

/** Only owners grant or take away ownership, and an organization always keeps one owner. */
export async function changeRole(ctx: AppContext, caller: Membership, userId: string, role: Role) {
  return ctx.database.db.transaction().execute(async (trx) => {
    const target = await repo.findMember(trx, caller.organizationId, userId);
    if (!target) throw notFound("member");
    if ((role === "owner" || target.role === "owner") && caller.role !== "owner") {
      throw forbidden("Only an owner can grant or take away the owner role.");
    }
    if (target.role === "owner" && role !== "owner" && (await repo.countOwners(trx, caller.organizationId)) <= 1) {
      throw conflict("last_owner", "The organization must keep at least one owner.");
    }
    await repo.setRole(trx, caller.organizationId, userId, role);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "member.role_changed",
      payload: { userId, from: target.role, to: role },
    });
    return presentMember({ ...target, role });
  });
}

export async function removeMember(ctx: AppContext, caller: Membership, userId: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    const target = await repo.findMember(trx, caller.organizationId, userId);
    if (!target) throw notFound("member");
    if (target.role === "owner") {
      if (caller.role !== "owner") throw forbidden("Only an owner can remove an owner.");
      if ((await repo.countOwners(trx, caller.organizationId)) <= 1) {
        throw conflict("last_owner", "The organization must keep at least one owner.");
      }
    }
    await repo.deleteMembership(trx, caller.organizationId, userId);
    await writeEvent(trx, { organizationId: caller.organizationId, type: "member.removed", payload: { userId } });
  });
  notifyEventsWritten();
}

export async function invite(
  ctx: AppContext,
  caller: Membership & { userId: string },
  input: { email: string; role: Role },
) {
  if (input.role === "owner" && caller.role !== "owner") throw forbidden("Only an owner can invite an owner.");
  const existing = await identityRepo.findUserByEmail(ctx.database.db, input.email);
  if (existing && (await identityRepo.findRole(ctx.database.db, caller.organizationId, existing.id))) {
    throw conflict("already_member", "This person is already a member.", [
      { field: "email", message: "already a member" },
    ]);
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS).toISOString();
  const org = await repo.findOrganization(ctx.database.db, caller.organizationId);
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    // Inviting the same person again replaces the pending invitation: its link stops working, one is listed.
    await repo.deletePendingInvitations(trx, caller.organizationId, { email: input.email });
    const inv = await repo.insertInvitation(trx, {
      organizationId: caller.organizationId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: caller.userId,
      expiresAt,
    });
    // The mail job renders the invitation (with its accept link) from this event.
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "member.invited",
      payload: { invitationId: inv.id, email: input.email, role: input.role, token, organizationName: org?.name },
    });
    return inv;
  });
  notifyEventsWritten();
  return presentInvitation(row);
}

/** Withdraws an invitation that has not been accepted: its link stops working at once. */
export async function revokeInvitation(ctx: AppContext, organizationId: string, invitationId: string) {
  const deleted = await repo.deletePendingInvitations(ctx.database.db, organizationId, { id: invitationId });
  if (!deleted) throw notFound("invitation");
}

function presentInvitation(r: {
  id: string;
  email: string;
  role: Role;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
}) {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    createdAt: r.created_at,
  };
}

const isIdCursor = (v: unknown): v is string => typeof v === "string";

export async function listInvitations(ctx: AppContext, organizationId: string, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isIdCursor);
  const rows = await repo.listInvitations(ctx.database.read, organizationId, q.limit + 1, after);
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  return { items: kept.map(presentInvitation), nextCursor };
}

/**
 * Accepts an invitation. The invited email decides the account: a signed-in person with that email joins as
 * they are; an existing account proves itself with its password; a new person gives a name and a password.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { name?: string; password?: string },
  currentUserId: string | null,
  meta: { ip?: string; userAgent?: string },
) {
  const inv = await repo.findInvitationByToken(ctx.database.db, hashToken(token));
  if (!inv || inv.accepted_at || inv.expires_at <= new Date().toISOString()) {
    throw new AppError(404, "invalid_invitation", "This invitation is not valid any more. Ask for a new one.");
  }
  let user = await identityRepo.findUserByEmail(ctx.database.db, inv.email);
  let newHash: string | null = null;
  if (user) {
    const isCaller = currentUserId === user.id;
    if (!isCaller) {
      if (!input.password || !(await verifyPassword(input.password, user.password_hash))) {
        throw new AppError(401, "invalid_credentials", "Log in as the invited account, or give its password.");
      }
    }
  } else {
    if (!input.name || !input.password) {
      throw new AppError(400, "validation_failed", "Give your name and a password to create your account.", [
        ...(input.name ? [] : [{ field: "body.name", message: "is required" }]),
        ...(input.password ? [] : [{ field: "body.password", message: "is required" }]),
      ]);
    }
    newHash = await hashPassword(input.password, ctx.config.PASSWORD_HASH_COST);
  }
  try {
    const result = await ctx.database.db.transaction().execute(async (trx) => {
      if (!(await repo.markInvitationAccepted(trx, inv.id))) {
        throw new AppError(404, "invalid_invitation", "This invitation is not valid any more. Ask for a new one.");
      }
      if (!user && newHash && input.name) {
        user = await identityRepo.insertUser(trx, { email: inv.email, name: input.name, passwordHash: newHash });
      }
      if (!user) throw new Error("unreachable: no user after acceptance");
      const role = await identityRepo.findRole(trx, inv.organization_id, user.id);
      if (!role) await identityRepo.insertMembership(trx, inv.organization_id, user.id, inv.role);
      await writeEvent(trx, {
        organizationId: inv.organization_id,
        type: "member.joined",
        payload: { userId: user.id, role: role ?? inv.role, via: "invitation" },
      });
      const session = currentUserId === user.id ? null : await createSession(ctx, trx, user.id, meta);
      const org = await repo.findOrganization(trx, inv.organization_id);
      return { user, session, role: role ?? inv.role, org };
    });
    notifyEventsWritten();
    return result;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("email_taken", "An account with this email already exists.");
    throw err;
  }
}
