import { type AnyDb, longText } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  // Accumulators of a long test and snapshots with response groups outgrow MySQL's 64 KB TEXT.
  const long = longText(db);

  await db.schema
    .createTable("stats_accumulators")
    .addColumn("assignment_id", "varchar(36)", (c) => c.primaryKey().references("assignments.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("state", long, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("changed_at", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("stats_contributions")
    .addColumn("attempt_id", "varchar(36)", (c) => c.primaryKey().references("attempts.id").onDelete("cascade"))
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("submitted_at", "varchar(32)", (c) => c.notNull())
    .addColumn("total", "double precision", (c) => c.notNull())
    .addColumn("scores", long, (c) => c.notNull())
    .execute();
  // A submission re-chooses among one student's attempts of one assignment.
  await db.schema
    .createIndex("stats_contributions_user_idx")
    .on("stats_contributions")
    .columns(["assignment_id", "user_id"])
    .execute();

  await db.schema
    .createTable("stats_snapshots")
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("policy", "varchar(8)", (c) => c.notNull())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("analysis", long, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("source_version", "integer", (c) => c.notNull())
    .addColumn("computed_at", "varchar(32)", (c) => c.notNull())
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("stats_snapshots_pk", ["assignment_id", "policy"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ["stats_snapshots", "stats_contributions", "stats_accumulators"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
