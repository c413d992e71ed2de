/**
 * xAPI: an organization's LRS (its secret sealed like the other secrets) and the statements waiting to be sent
 * (the statement id is the primary key: a name-based UUID, so writing the same statement twice is a no-op).
 * Second migration of the number 0016 (LTI and xAPI, issue 19).
 */
import type { AnyDb } from "./schema-kit.ts";
import { longText } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("xapi_settings")
    .addColumn("organization_id", "varchar(36)", (c) =>
      c.primaryKey().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("endpoint", "varchar(2048)", (c) => c.notNull())
    .addColumn("key", "varchar(255)", (c) => c.notNull())
    .addColumn("secret_sealed", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("actor", "varchar(16)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("xapi_statements")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("statement", longText(db), (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempt_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_error", "varchar(500)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)")
    .execute();
  await db.schema
    .createIndex("xapi_statements_due_idx")
    .on("xapi_statements")
    .columns(["organization_id", "status", "next_attempt_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("xapi_statements").ifExists().execute();
  await db.schema.dropTable("xapi_settings").ifExists().execute();
}
