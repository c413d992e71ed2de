import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("job_locks")
    // 191 characters keeps the key within MySQL's index limit in utf8mb4.
    .addColumn("name", "varchar(191)", (c) => c.primaryKey())
    .addColumn("holder", "varchar(64)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("acquired_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("processed_events")
    .addColumn("handler", "varchar(100)", (c) => c.notNull())
    .addColumn("event_id", "varchar(36)", (c) => c.notNull())
    .addColumn("processed_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("processed_events_pk", ["handler", "event_id"])
    .execute();
  // Pruning old rows scans by age.
  await db.schema.createIndex("processed_events_age_idx").on("processed_events").column("processed_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("processed_events").ifExists().execute();
  await db.schema.dropTable("job_locks").ifExists().execute();
}
