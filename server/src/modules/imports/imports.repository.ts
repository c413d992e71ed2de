import type { ImportsTable } from "../../db/tables/content.tables.ts";
import type { Executor } from "../../db/types.ts";

const PUBLIC_COLUMNS = [
  "id",
  "organization_id",
  "format",
  "filename",
  "title",
  "status",
  "progress",
  "exercise_ids",
  "errors",
  "warnings",
  "created_by",
  "created_at",
  "finished_at",
] as const;

export async function insertImport(db: Executor, row: ImportsTable) {
  await db.insertInto("imports").values(row).execute();
}

/** What the status page shows (never the source text). */
export async function findImport(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("imports")
    .select(PUBLIC_COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * The runner's entry point: a job only carries the import id. Everything it does afterwards is scoped by the
 * organization of the row found here.
 */
export async function findImportToRun(db: Executor, id: string) {
  return db
    .selectFrom("imports")
    .select(["id", "organization_id", "format", "filename", "title", "status", "source", "created_by"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Moves a queued (or interrupted running) import to running; false when it already finished. */
export async function markRunning(db: Executor, organizationId: string, id: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable("imports")
    .set({ status: "running", progress: 0.1, started_at: at })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setProgress(db: Executor, organizationId: string, id: string, progress: number) {
  await db
    .updateTable("imports")
    .set({ progress })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("status", "=", "running")
    .execute();
}

/**
 * Records the outcome, only if nobody else did (two runners of the same import: one wins, the other's
 * transaction rolls back). The source is dropped: it was only kept for the run.
 */
export async function finishImport(
  db: Executor,
  organizationId: string,
  id: string,
  outcome: {
    status: "succeeded" | "failed";
    exerciseIds: string[];
    errors: unknown[];
    warnings?: unknown[];
    at: string;
  },
): Promise<boolean> {
  const res = await db
    .updateTable("imports")
    .set({
      status: outcome.status,
      progress: 1,
      exercise_ids: JSON.stringify(outcome.exerciseIds),
      errors: JSON.stringify(outcome.errors),
      warnings: outcome.warnings?.length ? JSON.stringify(outcome.warnings) : null,
      finished_at: outcome.at,
      source: null,
    })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
