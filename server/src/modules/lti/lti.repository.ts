/** The SQL of the LTI module. Tenant queries filter by organization; launch lookups go by iss + client id. */

import type { LtiPlatformsTable, LtiScoresTable } from "../../db/tables/lti.tables.ts";
import type { DB, Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";

export async function insertPlatform(db: Executor, row: LtiPlatformsTable) {
  await db.insertInto("lti_platforms").values(row).execute();
}

export async function findPlatform(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("lti_platforms")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findPlatformById(db: Executor, id: string) {
  return db.selectFrom("lti_platforms").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findPlatformByIssuer(db: Executor, issuer: string, clientId?: string) {
  let q = db.selectFrom("lti_platforms").selectAll().where("issuer", "=", issuer);
  if (clientId) q = q.where("client_id", "=", clientId);
  // Without a client id the issuer must name one registration; two would be ambiguous.
  const rows = await q.limit(2).execute();
  return rows.length === 1 ? rows[0] : undefined;
}

export async function listPlatforms(db: Executor, organizationId: string) {
  return db
    .selectFrom("lti_platforms")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .orderBy("name")
    .orderBy("id")
    .limit(200)
    .execute();
}

export async function updatePlatform(
  db: Executor,
  organizationId: string,
  id: string,
  set: Partial<LtiPlatformsTable>,
) {
  await db
    .updateTable("lti_platforms")
    .set(set)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .execute();
}

export async function deletePlatform(db: Executor, organizationId: string, id: string) {
  const r = await db
    .deleteFrom("lti_platforms")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertLogin(
  db: Executor,
  row: {
    state: string;
    nonce: string;
    platformId: string;
    ttlMs: number;
    storageTarget?: string;
    browserSecretHash?: string;
  },
) {
  const now = Date.now();
  await db
    .insertInto("lti_logins")
    .values({
      state: row.state,
      nonce: row.nonce,
      platform_id: row.platformId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + row.ttlMs).toISOString(),
      used_at: null,
      storage_target: row.storageTarget ?? null,
      browser_secret_hash: row.browserSecretHash ?? null,
    })
    .execute();
}

/** The login of `state`, without using it (the storage check comes first). */
export async function peekLogin(db: Executor, state: string) {
  return db.selectFrom("lti_logins").selectAll().where("state", "=", state).executeTakeFirst();
}

/**
 * Uses the login of `state` once: a conditional update, so two posts of the same form cannot both pass. Returns
 * the login (with its nonce) or undefined when unknown, used or expired.
 */
export async function consumeLogin(db: Executor, state: string) {
  const now = nowIso();
  const r = await db
    .updateTable("lti_logins")
    .set({ used_at: now })
    .where("state", "=", state)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return peekLogin(db, state);
}

export async function insertLaunchLog(
  db: Executor,
  l: {
    organizationId: string | null;
    platformId: string | null;
    messageType: string | null;
    userId: string | null;
    error: string | null;
  },
) {
  await db
    .insertInto("lti_launches")
    .values({
      id: newId(),
      organization_id: l.organizationId,
      platform_id: l.platformId,
      message_type: l.messageType,
      user_id: l.userId,
      ok: l.error ? 0 : 1,
      error: l.error?.slice(0, 500) ?? null,
      created_at: nowIso(),
    })
    .execute();
}

/** The newest rows of an activity log (launches or score deliveries) of the organization, newest first. */
async function newest<T extends "lti_launches" | "lti_scores">(
  db: Executor,
  table: T,
  organizationId: string,
  limit: number,
) {
  // Kysely types a query over a union of tables as the union of their columns; the rows are those of `table`.
  return db
    .selectFrom(table as "lti_launches" | "lti_scores")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute() as Promise<DB[T][]>;
}

export const listLaunches = (db: Executor, organizationId: string, limit: number) =>
  newest(db, "lti_launches", organizationId, limit);

export const listScores = (db: Executor, organizationId: string, limit: number) =>
  newest(db, "lti_scores", organizationId, limit);

export async function findLtiUser(db: Executor, platformId: string, sub: string) {
  return db
    .selectFrom("lti_users as l")
    .innerJoin("users as u", "u.id", "l.user_id")
    .select(["u.id", "u.name", "u.email"])
    .where("l.platform_id", "=", platformId)
    .where("l.sub", "=", sub)
    .executeTakeFirst();
}

export async function insertLtiUser(db: Executor, platformId: string, sub: string, userId: string) {
  await db
    .insertInto("lti_users")
    .values({ platform_id: platformId, sub, user_id: userId, created_at: nowIso() })
    .execute();
}

export async function subOfUser(db: Executor, platformId: string, userId: string) {
  const row = await db
    .selectFrom("lti_users")
    .select("sub")
    .where("platform_id", "=", platformId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.sub;
}

export async function findContext(db: Executor, platformId: string, contextId: string) {
  return db
    .selectFrom("lti_contexts")
    .selectAll()
    .where("platform_id", "=", platformId)
    .where("context_id", "=", contextId)
    .executeTakeFirst();
}

export async function findContextOfClass(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("lti_contexts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .executeTakeFirst();
}

export async function findLink(db: Executor, platformId: string, resourceLinkId: string) {
  return db
    .selectFrom("lti_links")
    .selectAll()
    .where("platform_id", "=", platformId)
    .where("resource_link_id", "=", resourceLinkId)
    .executeTakeFirst();
}

/** The links of an assignment that carry a line item (where its scores go). */
export async function linksOfAssignment(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("lti_links")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("line_item_url", "is not", null)
    .execute();
}

export async function upsertMember(
  db: Executor,
  m: {
    organizationId: string;
    classId: string;
    userId: string;
    role: "teacher" | "student";
    status: "active" | "left";
  },
) {
  const now = nowIso();
  const updated = await db
    .updateTable("lti_members")
    .set({ role: m.role, status: m.status, updated_at: now })
    .where("class_id", "=", m.classId)
    .where("user_id", "=", m.userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto("lti_members")
    .values({
      class_id: m.classId,
      user_id: m.userId,
      organization_id: m.organizationId,
      role: m.role,
      status: m.status,
      updated_at: now,
    })
    .execute();
}

export async function insertScore(
  db: Executor,
  row: Omit<LtiScoresTable, "attempt_count" | "last_status_code" | "last_error" | "sent_at">,
) {
  await db
    .insertInto("lti_scores")
    .values({ ...row, attempt_count: 0, last_status_code: null, last_error: null, sent_at: null })
    .execute();
}

export async function findScore(db: Executor, id: string) {
  return db.selectFrom("lti_scores").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Whether a later score of the same user and line item has already been sent (then this one is stale). */
export async function newerScoreSent(db: Executor, s: LtiScoresTable) {
  const row = await db
    .selectFrom("lti_scores")
    .select("id")
    .where("line_item_url", "=", s.line_item_url)
    .where("lti_user_id", "=", s.lti_user_id)
    .where("status", "=", "sent")
    .where("id", ">", s.id)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

export async function recordScoreOutcome(
  db: Executor,
  id: string,
  o: { status: LtiScoresTable["status"]; code: number | null; error: string | null; attempts: number },
) {
  await db
    .updateTable("lti_scores")
    .set({
      status: o.status,
      last_status_code: o.code,
      last_error: o.error?.slice(0, 500) ?? null,
      attempt_count: o.attempts,
      ...(o.status === "sent" ? { sent_at: nowIso() } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Every URL that says where a registered platform lives, for the tool's framing policy (lti.frame-origins.ts):
 * issuers and login URLs, and the service URLs verified launches stored (NRPS memberships, AGS line items).
 * Across organizations on purpose: `/lti/` pages belong to none. Distinct values, bounded.
 */
export async function platformFrameUrls(db: Executor): Promise<string[]> {
  const [platforms, contexts, links] = await Promise.all([
    db.selectFrom("lti_platforms").select(["issuer", "auth_login_url"]).limit(5000).execute(),
    db
      .selectFrom("lti_contexts")
      .select("memberships_url")
      .distinct()
      .where("memberships_url", "is not", null)
      .limit(5000)
      .execute(),
    db
      .selectFrom("lti_links")
      .select("line_item_url")
      .distinct()
      .where("line_item_url", "is not", null)
      .limit(5000)
      .execute(),
  ]);
  return [
    ...platforms.flatMap((p) => [p.issuer, p.auth_login_url]),
    ...contexts.map((c) => c.memberships_url as string),
    ...links.map((l) => l.line_item_url as string),
  ];
}
