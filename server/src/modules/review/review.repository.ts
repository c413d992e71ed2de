/** SQL of the review-and-fix loop: overrides, regrade jobs and the attempts they work through, the grid. */
import type { Selectable } from "kysely";
import type { RegradeJobsTable, ResponsesTable } from "../../db/tables/classes.tables.ts";
import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export type RegradeJobRow = Selectable<RegradeJobsTable>;

/** Takes the assignment's row lock for the transaction (the version switch and its job are one step). */
export async function lockAssignment(db: Executor, organizationId: string, assignmentId: string) {
  await db
    .updateTable("assignments")
    .set({ updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", assignmentId)
    .execute();
}

export async function countSubmitted(db: Executor, organizationId: string, assignmentId: string) {
  const row = await db
    .selectFrom("attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("status", "=", "submitted")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRegradeJob(db: Executor, row: RegradeJobRow) {
  await db.insertInto("regrade_jobs").values(row).execute();
}

export async function findRegradeJob(db: Executor, organizationId: string | null, id: string) {
  let q = db.selectFrom("regrade_jobs").selectAll().where("id", "=", id);
  if (organizationId) q = q.where("organization_id", "=", organizationId);
  return q.executeTakeFirst();
}

export async function listRegradeJobs(db: Executor, organizationId: string, assignmentId: string, limit: number) {
  return db
    .selectFrom("regrade_jobs")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function updateRegradeJob(db: Executor, id: string, patch: Partial<RegradeJobRow>) {
  await db.updateTable("regrade_jobs").set(patch).where("id", "=", id).execute();
}

/** Submitted attempts not yet graded with `versionId`, in id order after `after` (a page of the job's work). */
export async function attemptsToRegrade(
  db: Executor,
  organizationId: string,
  assignmentId: string,
  versionId: string,
  opts: { after?: string; limit: number },
) {
  let q = db
    .selectFrom("attempts")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("status", "=", "submitted")
    .where((eb) => eb.or([eb("graded_version_id", "is", null), eb("graded_version_id", "!=", versionId)]));
  if (opts.after) q = q.where("id", ">", opts.after);
  const rows = await q.orderBy("id").limit(opts.limit).execute();
  return rows.map((r) => r.id);
}

export async function setGradedVersion(db: Executor, attemptId: string, versionId: string) {
  await db.updateTable("attempts").set({ graded_version_id: versionId }).where("id", "=", attemptId).execute();
}

export async function updateResponse(
  db: Executor,
  id: string,
  patch: Partial<Pick<Selectable<ResponsesTable>, keyof ResponsesTable>>,
) {
  await db.updateTable("responses").set(patch).where("id", "=", id).execute();
}

export async function deleteResponses(db: Executor, ids: string[]) {
  if (ids.length) await db.deleteFrom("responses").where("id", "in", ids).execute();
}

/** The response of one item of one attempt. */
export async function findItemResponse(db: Executor, organizationId: string, attemptId: string, itemId: string) {
  return db
    .selectFrom("responses")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("attempt_id", "=", attemptId)
    .where("item_id", "=", itemId)
    .executeTakeFirst();
}

/** The grid: every submitted attempt of the assignment with its student (responses come in a second query). */
export async function gridAttempts(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("attempts as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select([
      "t.id",
      "t.user_id",
      "t.number",
      "t.submitted_at",
      "t.score",
      "t.max_score",
      "t.pending_count",
      "t.late",
      "u.name as user_name",
      "u.email as user_email",
    ])
    .where("t.organization_id", "=", organizationId)
    .where("t.assignment_id", "=", assignmentId)
    .where("t.status", "=", "submitted")
    .orderBy("u.name")
    .orderBy("t.number")
    .execute();
}

export async function gridResponses(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("responses")
    .select(["attempt_id", "item_id", "response", "score", "max_score", "status", "error_categories", "auto_score"])
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .execute();
}

/** Puts the draft JSON back without touching the search columns (an accepted answer changes no prompt). */
export async function setDraft(db: Executor, organizationId: string, exerciseId: string, draft: string, dirty: number) {
  await db
    .updateTable("exercises")
    .set({ draft, dirty, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", exerciseId)
    .execute();
}
