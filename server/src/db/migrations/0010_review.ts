/**
 * The review-and-fix loop (issue 14): per-item overrides kept beside the automatic score, the version each
 * attempt was graded with (so a regrade knows what is left to do), regrade jobs with their progress, per-student
 * extensions, the review policy and archiving of assignments.
 */
import { sql } from "kysely";
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  // The automatic result while a teacher's override stands (null: no override, `score` is the automatic one).
  await db.schema.alterTable("responses").addColumn("auto_score", "double precision").execute();
  await db.schema.alterTable("responses").addColumn("auto_status", "varchar(16)").execute();
  await db.schema.alterTable("responses").addColumn("overridden_by", "varchar(36)").execute();
  await db.schema.alterTable("responses").addColumn("overridden_at", "varchar(32)").execute();

  await db.schema.alterTable("attempts").addColumn("graded_version_id", "varchar(36)").execute();
  // Every attempt submitted so far was graded with the version its assignment pins today.
  await sql`update attempts set graded_version_id = (select a.exercise_version_id from assignments a where a.id = attempts.assignment_id) where status = 'submitted'`.execute(
    db,
  );

  await db.schema.alterTable("assignments").addColumn("review_when", "varchar(16)").execute();
  await db.schema.alterTable("assignments").addColumn("review_show", "varchar(16)").execute();
  await db.schema.alterTable("assignments").addColumn("archived_at", "varchar(32)").execute();

  await db.schema
    .createTable("assignment_extensions")
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("due_at", "varchar(32)")
    .addColumn("extra_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("assignment_extensions_pk", ["assignment_id", "user_id"])
    .execute();

  await db.schema
    .createTable("regrade_jobs")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("from_version_id", "varchar(36)", (c) => c.notNull())
    .addColumn("to_version_id", "varchar(36)", (c) => c.notNull())
    .addColumn("to_version", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("changed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "varchar(500)")
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("finished_at", "varchar(32)")
    .execute();
  await db.schema
    .createIndex("regrade_jobs_assignment_idx")
    .on("regrade_jobs")
    .columns(["organization_id", "assignment_id", "id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("regrade_jobs").execute();
  await db.schema.dropTable("assignment_extensions").execute();
  for (const c of ["archived_at", "review_show", "review_when"])
    await db.schema.alterTable("assignments").dropColumn(c).execute();
  await db.schema.alterTable("attempts").dropColumn("graded_version_id").execute();
  for (const c of ["overridden_at", "overridden_by", "auto_status", "auto_score"])
    await db.schema.alterTable("responses").dropColumn(c).execute();
}
