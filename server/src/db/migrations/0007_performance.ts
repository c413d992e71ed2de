/**
 * Indexes found missing by the benchmarks (docs/benchmarks.md).
 *
 * `responses (organization_id, attempt_id)`: an attempt's responses are read with both filters (the attempt view
 * after a submit, a teacher's regrade). SQLite without statistics chose `responses_org_item_idx` for that, which
 * matches only the organization, and read every response of the organization per request: 1,000 submitted attempts
 * made each submit 30 times slower than with this index.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex("responses_org_attempt_idx")
    .on("responses")
    .columns(["organization_id", "attempt_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("responses_org_attempt_idx").on("responses").ifExists().execute();
}
