import type { AuditLogTable } from "../../db/tables/audit.tables.ts";
import type { Executor } from "../../db/types.ts";

export async function insertAudit(db: Executor, row: AuditLogTable): Promise<void> {
  await db.insertInto("audit_log").values(row).execute();
}

/** An organization's log, newest first, with the acting person's or key's name (one query, no lookups per row). */
export async function listAudit(
  db: Executor,
  organizationId: string,
  q: { limit: number; beforeId?: string; targetType?: string; targetId?: string },
) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .leftJoin("api_keys as k", (j) =>
      j.onRef("k.id", "=", "a.actor_api_key_id").onRef("k.organization_id", "=", "a.organization_id"),
    )
    .select([
      "a.id",
      "a.at",
      "a.actor_user_id",
      "a.actor_api_key_id",
      "a.action",
      "a.target_type",
      "a.target_id",
      "a.details",
      "u.name as actor_user_name",
      "k.name as actor_key_name",
    ])
    .where("a.organization_id", "=", organizationId);
  if (q.beforeId) query = query.where("a.id", "<", q.beforeId);
  if (q.targetType) query = query.where("a.target_type", "=", q.targetType);
  if (q.targetId) query = query.where("a.target_id", "=", q.targetId);
  return query.orderBy("a.id", "desc").limit(q.limit).execute();
}

export type AuditListRow = Awaited<ReturnType<typeof listAudit>>[number];
