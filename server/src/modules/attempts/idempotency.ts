/**
 * Idempotency keys for submits (per user and key, kept at least 24 hours). The first request with a key claims it
 * by inserting its row — the primary key makes exactly one of any number of concurrent requests win — and stores
 * its answer when done; a replay with the same body gets that answer again, the same key with another body is
 * refused, and a replay while the first is still running is told so. A claim abandoned by a crashed process is
 * taken over after STALE_MS: a client retrying after a crash waits seconds, not a minute. operations.md promises the
 * retry succeeds within 10 s of the crash, and a client backs off up to a second between tries while a busy
 * server takes its time to answer, so the claim must be free well before: 5 s (the cluster suite measured 11.2 s
 * with 8 s on a loaded machine). A submit never runs that long (its transaction is a few milliseconds), and should
 * an old one still be running, the attempt's row lock and status make the second one find the work done, and
 * finishKey never overwrites an answer already stored.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { prepareStatement } from "../../db/prepared.ts";
import type { DB, Executor } from "../../db/types.ts";
import { AppError, conflict, unprocessable } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";

export const KEY_RETENTION_MS = 24 * 3_600_000;
export const STALE_MS = 5_000;

/** JSON with sorted object keys: the same body hashes the same whatever the client's key order. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

export function requestHash(scope: string, body: unknown): string {
  return createHash("sha256")
    .update(`${scope}\n${stableStringify(body)}`)
    .digest("hex");
}

// The claim and the answer of every submit, compiled once.
const insertKey = prepareStatement(["user", "key", "org", "hash", "now"], (db: Kysely<DB>, v) =>
  db.insertInto("idempotency_keys").values({
    user_id: v.user,
    key: v.key,
    organization_id: v.org,
    request_hash: v.hash,
    status: "in_progress",
    status_code: null,
    response_body: null,
    created_at: v.now,
    locked_at: v.now,
  }),
);
const storeAnswer = prepareStatement(["code", "body", "user", "key"], (db: Kysely<DB>, v) =>
  db
    .updateTable("idempotency_keys")
    .set({ status: "done", status_code: v.code as never, response_body: v.body })
    .where("user_id", "=", v.user)
    .where("key", "=", v.key)
    .where("status", "=", "in_progress"),
);

export type Claim = { kind: "claimed" } | { kind: "replay"; statusCode: number; body: unknown };

interface KeyRef {
  userId: string;
  key: string;
}

export async function claimKey(
  db: Executor,
  k: KeyRef & { organizationId: string; requestHash: string },
  tries = 3,
): Promise<Claim> {
  const now = nowIso();
  try {
    await insertKey(db, { user: k.userId, key: k.key, org: k.organizationId, hash: k.requestHash, now });
    return { kind: "claimed" };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const row = await db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("user_id", "=", k.userId)
    .where("key", "=", k.key)
    .executeTakeFirst();
  const expired = row && row.created_at < new Date(Date.now() - KEY_RETENTION_MS).toISOString();
  if (!row || expired) {
    // Gone or past retention: the key is free again.
    if (tries <= 1) throw conflict("request_in_progress", "A request with this Idempotency-Key is in progress.");
    if (row) await deleteIfUnchanged(db, k, row.created_at);
    return claimKey(db, k, tries - 1);
  }
  if (row.request_hash !== k.requestHash) {
    throw unprocessable(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for another request. Use a new key for a new request.",
    );
  }
  if (row.status === "in_progress") {
    const stale = row.locked_at < new Date(Date.now() - STALE_MS).toISOString();
    if (stale && (await takeOver(db, k, row.locked_at))) return { kind: "claimed" };
    throw conflict("request_in_progress", "A request with this Idempotency-Key is still in progress. Retry shortly.");
  }
  return { kind: "replay", statusCode: row.status_code ?? 200, body: JSON.parse(row.response_body ?? "null") };
}

async function deleteIfUnchanged(db: Executor, k: KeyRef, createdAt: string) {
  await db
    .deleteFrom("idempotency_keys")
    .where("user_id", "=", k.userId)
    .where("key", "=", k.key)
    .where("created_at", "=", createdAt)
    .execute();
}

async function takeOver(db: Executor, k: KeyRef, lockedAt: string): Promise<boolean> {
  const res = await db
    .updateTable("idempotency_keys")
    .set({ locked_at: nowIso() })
    .where("user_id", "=", k.userId)
    .where("key", "=", k.key)
    .where("status", "=", "in_progress")
    .where("locked_at", "=", lockedAt)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Stores the answer every replay will get (in the transaction of the work, for a success). Only over a claim still
 * in progress: an answer already stored (by a request this one took over from) is never overwritten. Returns
 * whether it stored.
 */
export async function finishKey(
  db: Executor,
  k: KeyRef,
  statusCode: number,
  body: unknown,
  /** `body` already serialized, when the caller has it. */
  json = JSON.stringify(body),
): Promise<boolean> {
  const res = await storeAnswer(db, { code: statusCode, body: json, user: k.userId, key: k.key });
  return Number(res.numAffectedRows) > 0;
}

/** The stored answer of a finished key, if any. */
export async function storedAnswer(db: Executor, k: KeyRef): Promise<{ statusCode: number; body: unknown } | null> {
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["status", "status_code", "response_body"])
    .where("user_id", "=", k.userId)
    .where("key", "=", k.key)
    .executeTakeFirst();
  if (!row || row.status !== "done") return null;
  return { statusCode: row.status_code ?? 200, body: JSON.parse(row.response_body ?? "null") };
}

/** Frees the key after an unexpected failure, so that a retry with it runs again. */
export async function releaseKey(db: Executor, k: KeyRef) {
  await db
    .deleteFrom("idempotency_keys")
    .where("user_id", "=", k.userId)
    .where("key", "=", k.key)
    .where("status", "=", "in_progress")
    .execute();
}

/** A stored 4xx answer, replayed as the same error. */
export function storedError(e: AppError) {
  return { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
}

export function replayError(statusCode: number, body: unknown): AppError {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } })?.error ?? {};
  return new AppError(statusCode, e.code ?? "error", e.message ?? "", e.details);
}

/** Deletes keys past retention; for a periodic job. Returns how many went. */
export async function purgeExpiredKeys(ctx: AppContext, now = Date.now()): Promise<number> {
  const res = await ctx.database.db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", new Date(now - KEY_RETENTION_MS).toISOString())
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
