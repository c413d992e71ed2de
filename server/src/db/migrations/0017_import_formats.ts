/**
 * QTI and Moodle XML imports (issue 19): `format` grows to hold `moodlexml` (nine characters; the column had
 * eight), and an import records its warnings — what the source format said that Language Cloud could not keep.
 */
import { sql } from "kysely";
import { type AnyDb, engineOf } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  const engine = engineOf(db);
  // SQLite does not enforce varchar lengths: nothing to widen there.
  if (engine === "postgres") await sql`ALTER TABLE imports ALTER COLUMN format TYPE varchar(16)`.execute(db);
  if (engine === "mysql") await sql`ALTER TABLE imports MODIFY format varchar(16) NOT NULL`.execute(db);
  await db.schema.alterTable("imports").addColumn("warnings", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("imports").dropColumn("warnings").execute();
}
