/**
 * Who is in a class: students joining with the class code (a public route that also signs them in), teachers
 * adding and removing students, and the class list.
 */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { AppError, conflict, notFound } from "../../lib/errors.ts";
import { hashPassword, verifyPassword } from "../../lib/passwords.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { presentOrganization, presentUser } from "../identity/identity.presenter.ts";
import * as identityRepo from "../identity/identity.repository.ts";
import type { RequestMeta } from "../identity/identity.service.ts";
import { clearFailures, countFailure, emailTaken, requireNoFailureDelay } from "../identity/identity.service.ts";
import { createSession } from "../identity/session.ts";
import { findOrganization } from "../organizations/organizations.repository.ts";
import { presentClass, presentStudent } from "./classes.presenter.ts";
import * as repo from "./classes.repository.ts";
import { type Caller, isNameCursor, requireClass, staffCannotJoin } from "./classes.service.ts";
import { normalizeJoinCode } from "./join-code.ts";

/** Wrong codes allowed per IP and window before joining is refused: guessing a code takes ~10^11 tries. */
export const JOIN_MAX_FAILURES_PER_IP = 20;
/** Not a scrypt hash: verifyPassword never accepts it, so the account opens only through a password reset. */
export const UNUSABLE_PASSWORD = "!no-password";

function tooMany(retryAfterSeconds: number): AppError {
  return new AppError(429, "rate_limited", "Too many attempts to join a class. Try again later.", undefined, {
    "retry-after": String(Math.max(1, retryAfterSeconds)),
  });
}

/**
 * Joins a class by its code: a new account, or an existing one proving itself with its password (so a code alone
 * never lets anyone into somebody else's account). Only wrong codes count against the IP limit, so a whole
 * school behind one NAT address can still join; wrong passwords count against the account like log-in failures.
 */
export async function joinClass(
  ctx: AppContext,
  input: { code: string; name: string; email: string; password: string },
  meta: RequestMeta,
) {
  const { config, rateLimiter } = ctx;
  const window = config.LOGIN_WINDOW_SECONDS;
  const ipKey = `join:ip:${meta.ip ?? "?"}`;
  const ipState = await rateLimiter.peek(ipKey, JOIN_MAX_FAILURES_PER_IP);
  if (!ipState.allowed) throw tooMany(ipState.retryAfterSeconds);

  const cls = await repo.findClassByCode(ctx.database.db, normalizeJoinCode(input.code));
  if (!cls) {
    await rateLimiter.hit(ipKey, JOIN_MAX_FAILURES_PER_IP, window);
    throw new AppError(404, "invalid_join_code", "No class has this code. Check it with your teacher.", [
      // The sentence itself: the join form shows it once, at the field (issue 15, item 16).
      { field: "code", message: "No class has this code. Check it with your teacher." },
    ]);
  }

  const existing = await identityRepo.findUserByEmail(ctx.database.db, input.email);
  let passwordHash: string | null = null;
  if (existing) {
    // The log-in's throttle: per (account, address), growing delays, never a lock a stranger can trigger.
    await requireNoFailureDelay(ctx, existing.email, meta);
    if (!(await verifyPassword(input.password, existing.password_hash))) {
      await countFailure(ctx, existing.email, meta);
      throw new AppError(
        401,
        "invalid_credentials",
        "An account with this email already exists and the password is not right.",
      );
    }
    await clearFailures(ctx, existing.email, meta);
  } else {
    passwordHash = await hashPassword(input.password, config.PASSWORD_HASH_COST);
  }

  try {
    const result = await ctx.database.db.transaction().execute(async (trx) => {
      const user =
        existing ??
        (await identityRepo.insertUser(trx, { email: input.email, name: input.name, passwordHash: passwordHash! }));
      const role = await identityRepo.findRole(trx, cls.organization_id, user.id);
      if (role && role !== "student") throw staffCannotJoin();
      if (!role) {
        await identityRepo.insertMembership(trx, cls.organization_id, user.id, "student");
        await writeEvent(trx, {
          organizationId: cls.organization_id,
          type: "member.joined",
          payload: { userId: user.id, role: "student", via: "class_code", classId: cls.id },
        });
      }
      if (!(await repo.isStudentOf(trx, cls.organization_id, cls.id, user.id))) {
        await repo.insertStudent(trx, {
          organizationId: cls.organization_id,
          classId: cls.id,
          userId: user.id,
          via: "code",
        });
        await writeEvent(trx, {
          organizationId: cls.organization_id,
          type: "student.joined",
          payload: { classId: cls.id, userId: user.id, via: "code", accountCreated: !existing },
        });
      }
      const session = await createSession(ctx, trx, user.id, meta);
      const org = await findOrganization(trx, cls.organization_id);
      const classRow = await requireClass(trx, cls.organization_id, cls.id);
      return { user, org, classRow, session };
    });
    notifyEventsWritten();
    return {
      body: {
        user: presentUser(result.user),
        organization: presentOrganization(result.org!),
        membership: { organizationId: cls.organization_id, userId: result.user.id, role: "student" as const },
        class: presentClass(result.classRow),
      },
      session: result.session,
    };
  } catch (err) {
    if (isUniqueViolation(err)) {
      if (!existing) throw emailTaken();
      throw conflict("request_in_progress", "This account is joining the class in another request. Try again.");
    }
    throw err;
  }
}

export async function listStudents(
  ctx: AppContext,
  organizationId: string,
  classId: string,
  q: { limit: number; cursor?: string },
) {
  const after = decodeCursor(q.cursor, isNameCursor);
  await requireClass(ctx.database.read, organizationId, classId);
  const rows = await repo.listStudents(ctx.database.read, organizationId, classId, { limit: q.limit + 1, after });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => ({ name: r.name, id: r.id }));
  return { items: kept.map(presentStudent), nextCursor };
}

/** How long the link to choose a first password works: a student may not read their mail the same day. */
export const ACCOUNT_SETUP_TTL_MS = 7 * 86_400_000;

/**
 * A teacher adds a student by email: an existing account joins as it is; otherwise an account is created with no
 * usable password, and the student is mailed a link (a single-use password-reset token, valid a week) to choose
 * one. After that week, "forgot password" gives a new link.
 */
export async function addStudent(
  ctx: AppContext,
  caller: Caller,
  classId: string,
  input: { email: string; name: string },
) {
  try {
    const row = await ctx.database.db.transaction().execute(async (trx) => {
      await requireClass(trx, caller.organizationId, classId);
      const existing = await identityRepo.findUserByEmail(trx, input.email);
      const user =
        existing ??
        (await identityRepo.insertUser(trx, { email: input.email, name: input.name, passwordHash: UNUSABLE_PASSWORD }));
      const role = await identityRepo.findRole(trx, caller.organizationId, user.id);
      if (role && role !== "student") throw staffCannotJoin();
      if (await repo.isStudentOf(trx, caller.organizationId, classId, user.id)) {
        throw conflict("already_in_class", "This student is already in the class.", [
          { field: "email", message: "already in the class" },
        ]);
      }
      if (!role) await identityRepo.insertMembership(trx, caller.organizationId, user.id, "student");
      const joinedAt = await repo.insertStudent(trx, {
        organizationId: caller.organizationId,
        classId,
        userId: user.id,
        via: "teacher",
      });
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "student.joined",
        payload: { classId, userId: user.id, via: "teacher", accountCreated: !existing, by: caller.userId },
      });
      if (!existing) {
        const token = newToken();
        const expiresAt = new Date(Date.now() + ACCOUNT_SETUP_TTL_MS).toISOString();
        await identityRepo.insertPasswordReset(trx, user.id, hashToken(token), expiresAt);
        // Mail only (never a webhook event): the token is in clear until the mail job has sent it.
        await writeEvent(trx, {
          organizationId: caller.organizationId,
          type: "account.setup_requested",
          payload: { userId: user.id, email: user.email, name: user.name, classId, token, expiresAt },
        });
      }
      return {
        id: user.id,
        name: user.name,
        email: user.email,
        username: user.username,
        joined_at: joinedAt,
        added_via: "teacher",
      };
    });
    notifyEventsWritten();
    return presentStudent(row);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict("request_in_progress", "This student is being added by another request. Try again.");
    }
    throw err;
  }
}

/** Takes the student out of the class; their membership and past attempts stay. */
export async function removeStudent(ctx: AppContext, caller: Caller, classId: string, userId: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    await requireClass(trx, caller.organizationId, classId);
    if (!(await repo.deleteStudent(trx, caller.organizationId, classId, userId))) throw notFound("student");
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "student.removed",
      payload: { classId, userId, by: caller.userId },
    });
  });
  notifyEventsWritten();
}
