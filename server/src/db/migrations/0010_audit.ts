/**
 * The organization's audit log: who did what to which object, for the actions the design says are audited
 * (score overrides, regrades, erasure…). Rows are only ever inserted; they name people by id, never hold secrets.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .addColumn("actor_user_id", "varchar(36)")
    .addColumn("actor_api_key_id", "varchar(36)")
    .addColumn("action", "varchar(64)", (c) => c.notNull())
    .addColumn("target_type", "varchar(32)", (c) => c.notNull())
    .addColumn("target_id", "varchar(64)", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull())
    .execute();
  // The list is newest first per organization (ids are UUIDv7: they sort by time); a target's history by target.
  await db.schema.createIndex("audit_log_org_idx").on("audit_log").columns(["organization_id", "id"]).execute();
  await db.schema
    .createIndex("audit_log_target_idx")
    .on("audit_log")
    .columns(["organization_id", "target_type", "target_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
}
