/**
 * `responses (organization_id, assignment_id, attempt_id)`: the full item-statistics recompute reads one
 * assignment's responses grouped by attempt (statistics.repository.ts, loadScoreMatrix). With this index the rows
 * come in attempt order, so the engine groups them as they stream, and another assignment's responses are never
 * touched; without it SQLite scanned the whole organization through `responses_org_attempt_idx`.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex("responses_org_assignment_attempt_idx")
    .on("responses")
    .columns(["organization_id", "assignment_id", "attempt_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("responses_org_assignment_attempt_idx").on("responses").ifExists().execute();
}
