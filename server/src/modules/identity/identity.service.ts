/**
 * Sign-up, log-in, log-out, password change and reset: the use cases of identity. Each opens its own transaction.
 */
import { createHash } from "node:crypto";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { AppError, conflict, unauthorized } from "../../lib/errors.ts";
import { decoyHash, hashPassword, verifyPassword } from "../../lib/passwords.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { presentMe, presentOrganization, presentUser } from "./identity.presenter.ts";
import * as repo from "./identity.repository.ts";
import { createSession, revokeSession, revokeUserSessions } from "./session.ts";

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

const RESET_TTL_MS = 60 * 60 * 1000;

export function emailTaken(): AppError {
  return conflict("email_taken", "An account with this email already exists. Log in instead.", [
    { field: "email", message: "already registered" },
  ]);
}

export async function signup(
  ctx: AppContext,
  input: { organizationName: string; name: string; email: string; password: string },
  meta: RequestMeta,
) {
  const passwordHash = await hashPassword(input.password, ctx.config.PASSWORD_HASH_COST);
  try {
    const result = await ctx.database.db.transaction().execute(async (trx) => {
      const user = await repo.insertUser(trx, { email: input.email, name: input.name, passwordHash });
      const org = await repo.insertOrganization(trx, input.organizationName);
      await repo.insertMembership(trx, org.id, user.id, "owner");
      await writeEvent(trx, { organizationId: org.id, type: "organization.created", payload: { userId: user.id } });
      const session = await createSession(ctx, trx, user.id, meta);
      return { user, org, session };
    });
    notifyEventsWritten();
    return {
      body: {
        user: presentUser(result.user),
        organization: presentOrganization(result.org),
        membership: { organizationId: result.org.id, userId: result.user.id, role: "owner" as const },
      },
      session: result.session,
    };
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

function tooMany(retryAfterSeconds: number): AppError {
  return new AppError(429, "rate_limited", "Too many log-in attempts. Try again later.", undefined, {
    "retry-after": String(Math.max(1, retryAfterSeconds)),
  });
}

/**
 * Rate limited per IP (every attempt counts) and per (account, IP) for failures: after
 * LOGIN_MAX_FAILURES_PER_ACCOUNT wrong passwords from one address, each further attempt from it must wait longer (1 s, 2 s, 4 s… up to 15 min). A lock
 * per account would let anyone lock the real owner out; this way the owner, from their own address, is never
 * slowed down by a stranger's guesses, and one address cannot guess fast. A success clears its failures.
 */
export async function login(
  ctx: AppContext,
  input: { email?: string | undefined; username?: string | undefined; password: string },
  meta: RequestMeta,
) {
  const { config, rateLimiter } = ctx;
  // A username account's email is its placeholder, so one limit key and one lookup serve both.
  const email = (input.email ?? `${input.username ?? ""}@students.invalid`).toLowerCase();
  const window = config.LOGIN_WINDOW_SECONDS;
  const ipHit = await rateLimiter.hit(`login:ip:${meta.ip ?? "?"}`, config.LOGIN_MAX_ATTEMPTS_PER_IP, window);
  if (!ipHit.allowed) throw tooMany(ipHit.retryAfterSeconds);
  await requireNoFailureDelay(ctx, email, meta);

  const user = await repo.findUserByEmail(ctx.database.db, email);
  const ok = user
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await decoyHash(config.PASSWORD_HASH_COST)).then(() => false);
  if (!user || !ok) {
    await countFailure(ctx, email, meta);
    throw new AppError(
      401,
      "invalid_credentials",
      input.username !== undefined
        ? "The username or the password is not right."
        : "The email or the password is not right.",
    );
  }
  await clearFailures(ctx, email, meta);
  const session = await createSession(ctx, ctx.database.db, user.id, meta);
  const memberships = await repo.listMembershipsOfUser(ctx.database.db, user.id);
  return { body: presentMe(user, memberships), session };
}

const MAX_DELAY_SECONDS = 900;
const failureKey = (email: string, meta: RequestMeta) => `login:fail:${email.toLowerCase()}:${meta.ip ?? "?"}`;
const delayKey = (email: string, meta: RequestMeta) => `login:wait:${email.toLowerCase()}:${meta.ip ?? "?"}`;

/** Refuses (429 with Retry-After) while this address must wait after its last wrong password for this account. */
export async function requireNoFailureDelay(ctx: AppContext, email: string, meta: RequestMeta) {
  const wait = await ctx.rateLimiter.peek(delayKey(email, meta), 1);
  if (!wait.allowed) throw tooMany(wait.retryAfterSeconds);
}

/** Counts a wrong password from this address; from the `free`-th on, the next attempt must wait 2^(n-free) s. */
export async function countFailure(ctx: AppContext, email: string, meta: RequestMeta) {
  const free = ctx.config.LOGIN_MAX_FAILURES_PER_ACCOUNT;
  const f = await ctx.rateLimiter.hit(failureKey(email, meta), free, MAX_DELAY_SECONDS * 2);
  if (f.count >= free) {
    const seconds = Math.min(MAX_DELAY_SECONDS, 2 ** Math.min(20, f.count - free));
    await ctx.rateLimiter.hit(delayKey(email, meta), 1, seconds);
  }
}

export async function clearFailures(ctx: AppContext, email: string, meta: RequestMeta) {
  await ctx.rateLimiter.reset(failureKey(email, meta));
  await ctx.rateLimiter.reset(delayKey(email, meta));
}

export async function logout(ctx: AppContext, sessionId: string) {
  await revokeSession(ctx.database.db, sessionId);
}

export async function me(ctx: AppContext, userId: string) {
  // The primary, not the replica: a person who has just signed up or joined a class reads this at once, and a
  // lagging replica would not know them yet (401) or not list their new membership.
  const user = await repo.findUserById(ctx.database.db, userId);
  if (!user) throw unauthorized();
  const memberships = await repo.listMembershipsOfUser(ctx.database.db, userId);
  return presentMe(user, memberships);
}

/** Changes the password and ends every other session of the user; returns a fresh session for this browser. */
export async function changePassword(
  ctx: AppContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
) {
  const user = await repo.findUserById(ctx.database.db, userId);
  if (!user) throw unauthorized();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError(403, "invalid_credentials", "The current password is not right.", [
      { field: "currentPassword", message: "not right" },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword, ctx.config.PASSWORD_HASH_COST);
  const session = await ctx.database.db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, userId, passwordHash);
    await revokeUserSessions(trx, userId);
    await writeEvent(trx, { organizationId: null, type: "password.changed", payload: { userId } });
    return createSession(ctx, trx, userId, meta);
  });
  notifyEventsWritten();
  return session;
}

/** Reset mails per address and per hour: more would let anyone flood a mailbox from the form. */
export const RESET_MAILS_PER_ADDRESS = 3;
/** Every answer takes at least this long, so its timing does not tell whether the address has an account. */
export const RESET_RESPONSE_FLOOR_MS = 250;

/**
 * Always answers the same, in the same time, whether the account exists or not, so that the form cannot list
 * accounts; at most RESET_MAILS_PER_ADDRESS requests per address and hour are acted on (the rest answer the same
 * and do nothing).
 */
export async function requestPasswordReset(ctx: AppContext, email: string, meta: RequestMeta = {}) {
  const started = Date.now();
  try {
    const address = createHash("sha256").update(email.toLowerCase()).digest("hex");
    const perAddress = await ctx.rateLimiter.hit(`reset:addr:${address}`, RESET_MAILS_PER_ADDRESS, 3600);
    const perIp = await ctx.rateLimiter.hit(`reset:ip:${meta.ip ?? "?"}`, 20 * RESET_MAILS_PER_ADDRESS, 3600);
    if (perAddress.allowed && perIp.allowed) await startPasswordReset(ctx, email);
  } finally {
    const left = RESET_RESPONSE_FLOOR_MS - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

async function startPasswordReset(ctx: AppContext, email: string) {
  const user = await repo.findUserByEmail(ctx.database.db, email);
  if (!user) return;
  const token = newToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS).toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    await repo.insertPasswordReset(trx, user.id, hashToken(token), expiresAt);
    // The mail job renders the message from this event, then removes the token from it (notifications).
    await writeEvent(trx, {
      organizationId: null,
      type: "password_reset.requested",
      payload: { userId: user.id, email: user.email, name: user.name, token, expiresAt },
    });
  });
  notifyEventsWritten();
}

export async function confirmPasswordReset(ctx: AppContext, input: { token: string; password: string }) {
  const passwordHash = await hashPassword(input.password, ctx.config.PASSWORD_HASH_COST);
  await ctx.database.db.transaction().execute(async (trx) => {
    const userId = await repo.consumePasswordReset(trx, hashToken(input.token));
    if (!userId) {
      throw new AppError(400, "invalid_token", "This reset link is not valid any more. Ask for a new one.");
    }
    await repo.updatePasswordHash(trx, userId, passwordHash);
    await revokeUserSessions(trx, userId);
    await writeEvent(trx, { organizationId: null, type: "password.changed", payload: { userId } });
  });
  notifyEventsWritten();
}
