/**
 * `responses (organization_id, assignment_id, attempt_id[, item_id, status, score])`: the full item-statistics
 * recompute reads one assignment's responses grouped by attempt (statistics.repository.ts, loadScoreMatrix). With
 * this index the rows come in attempt order, so the engine groups them as they stream, and another assignment's
 * responses are never touched; without it SQLite scanned the whole organization through `responses_org_attempt_idx`.
 *
 * On MySQL and SQLite the index also holds the three columns the scan reads, so it never visits the table: an
 * InnoDB secondary index leads to the row through the primary key, one B-tree descent per response, and the
 * covering index made the million-response scan five times faster there (SQLite: a quarter). PostgreSQL's plan
 * and time did not change with them, so it keeps the narrow index and does not pay for the wider one on every
 * submit.
 */
import { type AnyDb, engineOf } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  const scanned = engineOf(db) === "postgres" ? [] : ["item_id", "status", "score"];
  await db.schema
    .createIndex("responses_org_assignment_attempt_idx")
    .on("responses")
    .columns(["organization_id", "assignment_id", "attempt_id", ...scanned])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("responses_org_assignment_attempt_idx").on("responses").ifExists().execute();
}
