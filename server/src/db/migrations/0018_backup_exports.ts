/**
 * Backups an admin asked for in the web app (operations.md, "Backup and restore"): a job with progress whose
 * archive waits in storage until it expires. And the indexes a backup's keyset reads need on the two tables that
 * grow with every submit: without (organization_id, id) the engines filter by another organization index and
 * sort the organization's whole table for every batch of 2,000 rows (1,000,000 responses: hours, not minutes).
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("backup_exports")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("requested_by", "varchar(36)")
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("progress", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("storage_key", "varchar(255)")
    .addColumn("bytes", "bigint")
    .addColumn("error", "varchar(500)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("finished_at", "varchar(32)")
    .addColumn("expires_at", "varchar(32)")
    .execute();
  await db.schema
    .createIndex("backup_exports_org_idx")
    .on("backup_exports")
    .columns(["organization_id", "created_at"])
    .execute();
  await db.schema.createIndex("responses_org_id_idx").on("responses").columns(["organization_id", "id"]).execute();
  await db.schema.createIndex("attempts_org_id_idx").on("attempts").columns(["organization_id", "id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("attempts_org_id_idx").on("attempts").execute();
  await db.schema.dropIndex("responses_org_id_idx").on("responses").execute();
  await db.schema.dropTable("backup_exports").execute();
}
