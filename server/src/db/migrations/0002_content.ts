import { sql } from "kysely";
import { type AnyDb, engineOf, longText } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  const engine = engineOf(db);
  const long = longText(db);
  await db.schema
    .createTable("exercises")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("title", "varchar(255)", (c) => c.notNull())
    .addColumn("level", "varchar(2)")
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("draft", long, (c) => c.notNull())
    .addColumn("search_text", long, (c) => c.notNull())
    .addColumn("latest_version", "integer")
    .addColumn("dirty", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("item_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("archived_at", "varchar(32)")
    .execute();
  // The library lists an organization's exercises newest first, optionally by status and level.
  await db.schema
    .createIndex("exercises_org_updated_idx")
    .on("exercises")
    .columns(["organization_id", "updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("exercises_org_status_idx")
    .on("exercises")
    .columns(["organization_id", "status", "updated_at"])
    .execute();
  await db.schema
    .createIndex("exercises_org_level_idx")
    .on("exercises")
    .columns(["organization_id", "level"])
    .execute();

  await db.schema
    .createTable("exercise_versions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("exercise_id", "varchar(36)", (c) => c.notNull().references("exercises.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("content", long, (c) => c.notNull())
    .addColumn("published_at", "varchar(32)", (c) => c.notNull())
    .addColumn("published_by", "varchar(36)")
    .addUniqueConstraint("exercise_versions_unique", ["exercise_id", "version"])
    .execute();

  await db.schema
    .createTable("exercise_labels")
    .addColumn("exercise_id", "varchar(36)", (c) => c.notNull().references("exercises.id").onDelete("cascade"))
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("kind", "varchar(8)", (c) => c.notNull())
    .addColumn("value", "varchar(64)", (c) => c.notNull())
    .addPrimaryKeyConstraint("exercise_labels_pk", ["exercise_id", "kind", "value"])
    .execute();
  await db.schema
    .createIndex("exercise_labels_lookup_idx")
    .on("exercise_labels")
    .columns(["organization_id", "kind", "value"])
    .execute();

  await db.schema
    .createTable("media")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("storage_key", "varchar(255)", (c) => c.notNull().unique())
    .addColumn("filename", "varchar(255)", (c) => c.notNull())
    .addColumn("content_type", "varchar(100)", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("deleted_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("media_org_idx").on("media").columns(["organization_id", "created_at"]).execute();

  await db.schema
    .createTable("imports")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("organization_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("format", "varchar(8)", (c) => c.notNull())
    .addColumn("filename", "varchar(255)", (c) => c.notNull())
    .addColumn("title", "varchar(255)")
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("progress", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("source", sql.raw(engine === "mysql" ? "longtext" : "text"))
    .addColumn("exercise_ids", "text", (c) => c.notNull())
    .addColumn("errors", long, (c) => c.notNull())
    .addColumn("created_by", "varchar(36)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("started_at", "varchar(32)")
    .addColumn("finished_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("imports_org_idx").on("imports").columns(["organization_id", "created_at"]).execute();
  await db.schema.createIndex("imports_status_idx").on("imports").columns(["status", "created_at"]).execute();

  // Full-text search over titles, instructions, passages and prompts: each engine's own facility.
  if (engine === "postgres") {
    await sql`create index exercises_search_idx on exercises using gin (to_tsvector('simple', search_text))`.execute(
      db,
    );
  } else if (engine === "mysql") {
    await sql`alter table exercises add fulltext index exercises_search_idx (search_text)`.execute(db);
  } else {
    await sql`create virtual table exercises_fts using fts5(search_text, content='exercises', content_rowid='rowid')`.execute(
      db,
    );
    await sql`create trigger exercises_fts_ai after insert on exercises begin
      insert into exercises_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
    await sql`create trigger exercises_fts_ad after delete on exercises begin
      insert into exercises_fts(exercises_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(
      db,
    );
    await sql`create trigger exercises_fts_au after update of search_text on exercises begin
      insert into exercises_fts(exercises_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
      insert into exercises_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  const engine = engineOf(db);
  if (engine === "sqlite") await sql`drop table if exists exercises_fts`.execute(db);
  for (const t of ["imports", "media", "exercise_labels", "exercise_versions", "exercises"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
