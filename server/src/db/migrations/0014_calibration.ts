/**
 * The Rasch calibration of each class (methodology.md §3), computed by the worker after changes and read by the
 * calibration endpoint and the progress scale: one row per class, its JSON replaced on each recompute.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("class_calibrations")
    .addColumn("class_id", "varchar(36)", (c) => c.primaryKey().references("classes.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("computed_at", "varchar(32)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("class_calibrations").execute();
}
