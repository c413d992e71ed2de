/**
 * Spaced practice (methodology.md §4): a card per (student, exercise version, item) mistake, and each practice
 * answer, keyed by the client's key so a repeated request is answered, not graded twice.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("practice_cards")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("class_id", "varchar(36)", (c) => c.notNull())
    .addColumn("exercise_version_id", "varchar(36)", (c) => c.notNull())
    .addColumn("item_id", "varchar(64)", (c) => c.notNull())
    .addColumn("skill", "varchar(32)")
    .addColumn("source_response_id", "varchar(36)", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("due_at", "varchar(32)", (c) => c.notNull())
    .addColumn("reviews", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retained", "integer")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  // Once per (student, item version) mistake, however often the attempt's events are delivered.
  await db.schema
    .createIndex("practice_cards_once_idx")
    .on("practice_cards")
    .columns(["user_id", "exercise_version_id", "item_id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("practice_cards_due_idx")
    .on("practice_cards")
    .columns(["organization_id", "user_id", "due_at"])
    .execute();
  await db.schema
    .createIndex("practice_cards_class_idx")
    .on("practice_cards")
    .columns(["organization_id", "class_id"])
    .execute();
  await db.schema
    .createTable("practice_reviews")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("card_id", "varchar(36)", (c) => c.notNull().references("practice_cards.id").onDelete("cascade"))
    .addColumn("client_key", "varchar(255)", (c) => c.notNull())
    .addColumn("rating", "varchar(8)", (c) => c.notNull())
    .addColumn("score", "double precision", (c) => c.notNull())
    .addColumn("max_score", "double precision", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("practice_reviews_key_idx")
    .on("practice_reviews")
    .columns(["user_id", "client_key"])
    .unique()
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("practice_reviews").execute();
  await db.schema.dropTable("practice_cards").execute();
}
