/**
 * Teaching experiments (methodology.md §2): the experiment and its variants, the assignments starting it made
 * (per class, one per variant and one outcome), the participants with the variant each was dealt for good, and
 * the per-organization key that pseudonymizes participants in the CSV export.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("experiments")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "varchar(255)", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("unit", "varchar(16)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("seed", "varchar(64)", (c) => c.notNull())
    .addColumn("class_ids", "text", (c) => c.notNull())
    .addColumn("outcome_exercise_id", "varchar(36)", (c) => c.notNull())
    .addColumn("outcome_version", "integer")
    .addColumn("pretest_assignment_id", "varchar(36)")
    .addColumn("opens_at", "varchar(32)")
    .addColumn("due_at", "varchar(32)")
    .addColumn("outcome_opens_at", "varchar(32)")
    .addColumn("outcome_due_at", "varchar(32)")
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("started_at", "varchar(32)")
    .addColumn("closed_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("experiments_org_idx").on("experiments").columns(["organization_id", "id"]).execute();

  await db.schema
    .createTable("experiment_variants")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("experiment_id", "varchar(36)", (c) => c.notNull().references("experiments.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "varchar(255)", (c) => c.notNull())
    .addColumn("exercise_id", "varchar(36)", (c) => c.notNull())
    .addColumn("version", "integer")
    .execute();
  await db.schema
    .createIndex("experiment_variants_exp_idx")
    .on("experiment_variants")
    .columns(["experiment_id", "position"])
    .execute();

  await db.schema
    .createTable("experiment_assignments")
    .addColumn("assignment_id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("experiment_id", "varchar(36)", (c) => c.notNull().references("experiments.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("class_id", "varchar(36)", (c) => c.notNull())
    // Null for the outcome (post-test) assignment, which every participant sees.
    .addColumn("variant_id", "varchar(36)")
    .execute();
  await db.schema
    .createIndex("experiment_assignments_exp_idx")
    .on("experiment_assignments")
    .columns(["experiment_id", "class_id"])
    .execute();

  await db.schema
    .createTable("experiment_participants")
    .addColumn("experiment_id", "varchar(36)", (c) => c.notNull().references("experiments.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("class_id", "varchar(36)", (c) => c.notNull())
    .addColumn("variant_id", "varchar(36)", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("late", "integer", (c) => c.notNull())
    .addColumn("dealt_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("experiment_participants_pk", ["experiment_id", "user_id"])
    .execute();
  // A student's visible assignments: which variants they were dealt (hot: every student assignment list).
  await db.schema
    .createIndex("experiment_participants_user_idx")
    .on("experiment_participants")
    .columns(["user_id", "experiment_id", "variant_id"])
    .execute();
  // One position per class deal: two late joiners at once cannot take the same place.
  await db.schema
    .createIndex("experiment_participants_position_idx")
    .on("experiment_participants")
    .columns(["experiment_id", "class_id", "position"])
    .unique()
    .execute();

  await db.schema
    .createTable("experiment_secrets")
    .addColumn("organization_id", "varchar(36)", (c) =>
      c.primaryKey().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("secret_encrypted", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ["experiment_secrets", "experiment_participants", "experiment_assignments", "experiment_variants"])
    await db.schema.dropTable(t).execute();
  await db.schema.dropTable("experiments").execute();
}
