/**
 * Accounts without email for young learners (issue 15, item 14): a teacher types the names, the server makes
 * each a username and a generated password, shown once for the login cards; the teacher can reset a password
 * (a new one, once). The password is never stored in clear, logged, or put in an event or audit row.
 */
import { randomInt } from "node:crypto";
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { AppError, conflict, notFound } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { hashPassword } from "../../lib/passwords.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import * as identityRepo from "../identity/identity.repository.ts";
import { revokeUserSessions } from "../identity/session.ts";
import * as repo from "./classes.repository.ts";
import { type Caller, requireClass } from "./classes.service.ts";

/** The placeholder email of a username account: the reserved `.invalid` domain never receives mail (RFC 2606). */
export const usernameEmail = (username: string) => `${username}@students.invalid`;

// Short, concrete, easy to spell words a child can type: three of them and two digits ≈ 2^25 passwords, behind
// the per-account log-in limit. Printed on a card, not remembered: length matters more than strangeness.
const WORDS = (
  "apple bear bird boat cake cat cloud corn cow desk dog drum duck egg fish flag frog gift goat hat hill " +
  "horse kite lamp leaf lion moon mouse nest owl panda pear pig plum rain ring rock rose seal ship shoe " +
  "sock star sun tent tiger toad tree truck van wave whale wolf yak zebra bee fox jam"
).split(" ");

export function generatePassword(): string {
  const w = () => WORDS[randomInt(WORDS.length)] as string;
  return `${w()}-${w()}-${w()}-${randomInt(10, 100)}`;
}

/** `Zoë O'Neill` → `zoeo` + four digits; letters only, so it is easy to type on any keyboard. */
function usernameFrom(name: string): string {
  const letters =
    name
      .normalize("NFKD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase()
      .slice(0, 12) || "student";
  return `${letters}${randomInt(1000, 10000)}`;
}

async function freeUsername(db: Executor, name: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const candidate = usernameFrom(name);
    // The placeholder email too: someone may have signed up with it.
    const taken = await db
      .selectFrom("users")
      .select("id")
      .where((eb) => eb.or([eb("username", "=", candidate), eb("email", "=", usernameEmail(candidate))]))
      .executeTakeFirst();
    if (!taken) return candidate;
  }
  throw new AppError(503, "unavailable", "Could not find a free username; try again.");
}

export interface LoginCard {
  userId: string;
  name: string;
  username: string;
  /** Shown once; only its hash is kept. */
  password: string;
}

export async function createAccounts(ctx: AppContext, caller: Caller, classId: string, names: string[]) {
  // Hashing is the slow part (scrypt): done before the transaction, which then only writes rows.
  const prepared = await Promise.all(
    names.map(async (name) => {
      const password = generatePassword();
      return { name, password, hash: await hashPassword(password, ctx.config.PASSWORD_HASH_COST) };
    }),
  );
  const cards = await ctx.database.db.transaction().execute(async (trx) => {
    await requireClass(trx, caller.organizationId, classId);
    const out: LoginCard[] = [];
    for (const p of prepared) {
      const username = await freeUsername(trx, p.name);
      const user = await identityRepo.insertUser(trx, {
        email: usernameEmail(username),
        name: p.name,
        passwordHash: p.hash,
        username,
      });
      await identityRepo.insertMembership(trx, caller.organizationId, user.id, "student");
      await repo.insertStudent(trx, {
        organizationId: caller.organizationId,
        classId,
        userId: user.id,
        via: "teacher",
      });
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "student.joined",
        payload: { classId, userId: user.id, via: "teacher", accountCreated: true, by: caller.userId },
      });
      out.push({ userId: user.id, name: p.name, username, password: p.password });
    }
    return out;
  });
  notifyEventsWritten();
  return { items: cards };
}

/** A new password for a username account of this class; its sessions end. Email accounts reset by email. */
export async function resetAccountPassword(ctx: AppContext, caller: Caller, classId: string, userId: string) {
  const password = generatePassword();
  const hash = await hashPassword(password, ctx.config.PASSWORD_HASH_COST);
  const card = await ctx.database.db.transaction().execute(async (trx) => {
    await requireClass(trx, caller.organizationId, classId);
    if (!(await repo.isStudentOf(trx, caller.organizationId, classId, userId))) throw notFound("student");
    const user = await trx
      .selectFrom("users")
      .select(["id", "name", "username"])
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!user?.username) {
      throw conflict("has_email", "This student has an email address and resets the password by email.");
    }
    await trx
      .updateTable("users")
      .set({ password_hash: hash, updated_at: nowIso() })
      .where("id", "=", userId)
      .execute();
    await revokeUserSessions(trx, userId);
    await recordAudit(trx, {
      organizationId: caller.organizationId,
      actor: { userId: caller.userId },
      action: "student.password_reset",
      target: { type: "user", id: userId },
      details: { classId },
    });
    return { userId, name: user.name, username: user.username, password };
  });
  return card;
}
