import { type AnyDb, longText } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  // Webhook bodies carry whole event payloads: MySQL's TEXT stops at 64 KiB.
  const long = longText(db);
  const orgId = "varchar(36)";

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", orgId, (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "varchar(255)", (c) => c.notNull())
    .addColumn("role", "varchar(16)", (c) => c.notNull())
    .addColumn("prefix", "varchar(32)", (c) => c.notNull())
    .addColumn("secret_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("created_by", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_used_at", "varchar(32)")
    .addColumn("revoked_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("api_keys_org_idx").on("api_keys").columns(["organization_id", "id"]).execute();

  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", orgId, (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("url", "varchar(2048)", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret_encrypted", "varchar(255)", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("failing_since", "varchar(32)")
    .addColumn("disabled_at", "varchar(32)")
    .addColumn("disabled_reason", "varchar(255)")
    .addColumn("created_by", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_endpoints_org_idx")
    .on("webhook_endpoints")
    .columns(["organization_id", "id"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", orgId, (c) => c.notNull())
    .addColumn("endpoint_id", "varchar(36)", (c) => c.notNull().references("webhook_endpoints.id").onDelete("cascade"))
    .addColumn("event_id", "varchar(36)", (c) => c.notNull())
    .addColumn("event_type", "varchar(64)", (c) => c.notNull())
    .addColumn("body", long, (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempt_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(32)")
    .addColumn("locked_until", "varchar(32)")
    .addColumn("give_up_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "varchar(500)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    // Fan-out is idempotent: an event is delivered to an endpoint once, however often the relay hands it over.
    .addUniqueConstraint("webhook_deliveries_event_uq", ["endpoint_id", "event_id"])
    .execute();
  // The sweeper looks for due deliveries; the log lists an endpoint's deliveries newest first.
  await db.schema
    .createIndex("webhook_deliveries_due_idx")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_endpoint_idx")
    .on("webhook_deliveries")
    .columns(["organization_id", "endpoint_id", "id"])
    .execute();

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", orgId, (c) => c.notNull())
    .addColumn("delivery_id", "varchar(36)", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
    .addColumn("endpoint_id", "varchar(36)", (c) => c.notNull())
    .addColumn("attempted_at", "varchar(32)", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "varchar(500)")
    .addColumn("manual", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("webhook_attempts_delivery_idx")
    .on("webhook_attempts")
    .columns(["delivery_id", "attempted_at"])
    .execute();

  await db.schema
    .createTable("sent_mails")
    // An event id, or a key of our own when one mail answers several events (`attempt-graded:<attemptId>`).
    .addColumn("event_id", "varchar(64)", (c) => c.notNull())
    .addColumn("recipient", "varchar(255)", (c) => c.notNull())
    .addColumn("template", "varchar(64)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)")
    .addPrimaryKeyConstraint("sent_mails_pk", ["event_id", "recipient"])
    .execute();

  await db.schema
    .createTable("sent_reminders")
    .addColumn("assignment_id", "varchar(36)", (c) => c.notNull())
    .addColumn("student_id", "varchar(36)", (c) => c.notNull())
    .addColumn("organization_id", orgId, (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("sent_reminders_pk", ["assignment_id", "student_id"])
    .execute();

  // The reminder scan asks for assignments due within the next hours, across organizations.
  await db.schema.createIndex("assignments_due_idx").on("assignments").column("due_at").execute();

  await db.schema
    .createTable("job_failures")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("job", "varchar(128)", (c) => c.notNull())
    .addColumn("error", "varchar(500)")
    .addColumn("failed_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("job_failures_at_idx").on("job_failures").column("failed_at").execute();

  await db.schema
    .createTable("alert_states")
    .addColumn("condition", "varchar(64)", (c) => c.primaryKey())
    .addColumn("last_alert_at", "varchar(32)", (c) => c.notNull())
    .addColumn("detail", "varchar(1000)")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("assignments_due_idx").on("assignments").ifExists().execute();
  for (const t of [
    "alert_states",
    "job_failures",
    "sent_reminders",
    "sent_mails",
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_endpoints",
    "api_keys",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
