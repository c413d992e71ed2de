import { type AnyDb, longText } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  // MySQL's TEXT holds 64 KB: essays, parts and stored replies can be longer.
  const long = longText(db);

  await db.schema
    .createTable("classes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "varchar(255)", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("join_code", "varchar(16)", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("deleted_at", "varchar(32)")
    .execute();
  // Joining looks a class up by its code; the unique index also makes a colliding new code fail (and retry).
  await db.schema.createIndex("classes_join_code_uq").on("classes").column("join_code").unique().execute();
  await db.schema
    .createIndex("classes_org_name_idx")
    .on("classes")
    .columns(["organization_id", "name", "id"])
    .execute();

  await db.schema
    .createTable("class_students")
    .addColumn("class_id", "varchar(36)", (c) => c.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("added_via", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("class_students_pk", ["class_id", "user_id"])
    .execute();
  // "My assignments" starts from the classes of one student.
  await db.schema
    .createIndex("class_students_user_idx")
    .on("class_students")
    .columns(["user_id", "organization_id"])
    .execute();

  await db.schema
    .createTable("assignments")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("class_id", "varchar(36)", (c) => c.notNull().references("classes.id").onDelete("cascade"))
    .addColumn("exercise_id", "varchar(36)", (c) => c.notNull())
    .addColumn("exercise_version_id", "varchar(36)", (c) => c.notNull().references("exercise_versions.id"))
    .addColumn("exercise_version", "integer", (c) => c.notNull())
    .addColumn("title", "varchar(255)", (c) => c.notNull())
    .addColumn("opens_at", "varchar(32)")
    .addColumn("due_at", "varchar(32)")
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("feedback", "varchar(16)", (c) => c.notNull())
    .addColumn("allow_late", "integer", (c) => c.notNull())
    .addColumn("shuffle", "integer", (c) => c.notNull())
    .addColumn("max_score", "double precision", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("assignments_org_class_idx")
    .on("assignments")
    .columns(["organization_id", "class_id", "id"])
    .execute();
  await db.schema.createIndex("assignments_org_id_idx").on("assignments").columns(["organization_id", "id"]).execute();

  await db.schema
    .createTable("attempts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    // No cascade: an assignment with attempts must never be deleted, even by a delete racing a start.
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull().references("assignments.id"))
    .addColumn("class_id", "varchar(36)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("started_at", "varchar(32)", (c) => c.notNull())
    .addColumn("submitted_at", "varchar(32)")
    .addColumn("late", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("score", "double precision")
    .addColumn("max_score", "double precision", (c) => c.notNull())
    .addColumn("pending_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("time_on_task_seconds", "integer")
    .addColumn("active_seconds", "integer")
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("attempts_number_uq", ["assignment_id", "user_id", "number"])
    .execute();
  // The teacher's list of an assignment's attempts, and the gradebook's best score per student.
  await db.schema
    .createIndex("attempts_assignment_idx")
    .on("attempts")
    .columns(["assignment_id", "status", "user_id"])
    .execute();
  await db.schema.createIndex("attempts_user_idx").on("attempts").columns(["user_id", "organization_id"]).execute();
  await db.schema.createIndex("attempts_class_idx").on("attempts").columns(["class_id", "status"]).execute();

  await db.schema
    .createTable("attempt_drafts")
    .addColumn("attempt_id", "varchar(36)", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
    .addColumn("item_id", "varchar(64)", (c) => c.notNull())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("response", long, (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("attempt_drafts_pk", ["attempt_id", "item_id"])
    .execute();

  await db.schema
    .createTable("responses")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("attempt_id", "varchar(36)", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("item_id", "varchar(64)", (c) => c.notNull())
    .addColumn("item_type", "varchar(32)", (c) => c.notNull())
    .addColumn("response", long)
    .addColumn("normalized_text", "text")
    .addColumn("score", "double precision", (c) => c.notNull())
    .addColumn("max_score", "double precision", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("parts", long, (c) => c.notNull())
    .addColumn("feedback", long, (c) => c.notNull())
    .addColumn("error_categories", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("rubric", "text")
    .addColumn("graded_by", "varchar(36)")
    .addColumn("graded_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    // Nothing is stored twice: one graded response per item of an attempt.
    .addUniqueConstraint("responses_attempt_item_uq", ["attempt_id", "item_id"])
    .execute();
  // The grading queue (pending essays of an assignment) and per-item analytics.
  await db.schema
    .createIndex("responses_assignment_idx")
    .on("responses")
    .columns(["assignment_id", "status", "id"])
    .execute();
  await db.schema
    .createIndex("responses_org_item_idx")
    .on("responses")
    .columns(["organization_id", "item_type", "status"])
    .execute();

  await db.schema
    .createTable("response_grades")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("response_id", "varchar(36)", (c) => c.notNull().references("responses.id").onDelete("cascade"))
    .addColumn("graded_by", "varchar(36)")
    .addColumn("old_score", "double precision")
    .addColumn("new_score", "double precision", (c) => c.notNull())
    .addColumn("old_status", "varchar(16)", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("rubric", "text")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("response_grades_response_idx")
    .on("response_grades")
    .columns(["response_id", "created_at"])
    .execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("key", "varchar(255)", (c) => c.notNull())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("request_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("response_body", long)
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("locked_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["user_id", "key"])
    .execute();
  // The purge of keys older than their retention scans by age.
  await db.schema.createIndex("idempotency_keys_created_idx").on("idempotency_keys").column("created_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    "idempotency_keys",
    "response_grades",
    "responses",
    "attempt_drafts",
    "attempts",
    "assignments",
    "class_students",
    "classes",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
