import type { ExerciseStatus } from "@languagecloud/domain";
import { sql } from "kysely";
import { exerciseTextMatch, insertIgnoringDuplicates } from "../../db/dialect.ts";
import type { ExercisesTable, ExerciseVersionsTable } from "../../db/tables/content.tables.ts";
import type { Dialect, Executor } from "../../db/types.ts";
import type { Label } from "./exercises.content.ts";

export async function insertExercise(db: Executor, row: ExercisesTable) {
  await db.insertInto("exercises").values(row).execute();
}

const LABEL_BATCH = 500;

/** Replaces the skill and tag labels of an exercise, in batches that stay under every engine's parameter limit. */
export async function replaceLabels(
  db: Executor,
  dialect: Dialect,
  organizationId: string,
  exerciseId: string,
  labels: Label[],
) {
  await db
    .deleteFrom("exercise_labels")
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .execute();
  for (let i = 0; i < labels.length; i += LABEL_BATCH) {
    const rows = labels.slice(i, i + LABEL_BATCH).map((l) => ({
      exercise_id: exerciseId,
      organization_id: organizationId,
      kind: l.kind,
      value: l.value,
    }));
    await insertIgnoringDuplicates(dialect, db.insertInto("exercise_labels").values(rows)).execute();
  }
}

export async function findExercise(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("exercises")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function updateDraft(
  db: Executor,
  organizationId: string,
  id: string,
  fields: Pick<ExercisesTable, "title" | "level" | "draft" | "search_text" | "item_count" | "updated_at">,
) {
  await db
    .updateTable("exercises")
    .set({ ...fields, dirty: 1 })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .execute();
}

export async function archiveExercise(db: Executor, organizationId: string, id: string, at: string) {
  await db
    .updateTable("exercises")
    .set({ status: "archived", archived_at: at, updated_at: at })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .execute();
}

export interface ExerciseFilter {
  q?: string;
  level?: string;
  skill?: string;
  tag?: string;
  status?: ExerciseStatus;
  limit: number;
  after?: { updatedAt: string; id: string };
}

/** The library: newest edits first, by (updated_at, id); archived exercises only when asked for. */
export async function listExercises(db: Executor, dialect: Dialect, organizationId: string, f: ExerciseFilter) {
  let q = db
    .selectFrom("exercises")
    .select(["id", "title", "level", "status", "latest_version", "item_count", "updated_at"])
    .where("organization_id", "=", organizationId);
  q = f.status ? q.where("status", "=", f.status) : q.where("status", "in", ["draft", "published"]);
  if (f.level) q = q.where("level", "=", f.level);
  for (const [kind, value] of [
    ["skill", f.skill],
    ["tag", f.tag],
  ] as const) {
    if (!value) continue;
    q = q.where("id", "in", (eb) =>
      eb
        .selectFrom("exercise_labels")
        .select("exercise_id")
        .where("organization_id", "=", organizationId)
        .where("kind", "=", kind)
        .where("value", "=", value),
    );
  }
  if (f.q) {
    const match = exerciseTextMatch(dialect, f.q);
    // A query with no words at all (only punctuation) matches nothing rather than everything.
    q = q.where(match ?? sql<boolean>`1 = 0`);
  }
  const after = f.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("updated_at", "<", after.updatedAt),
        eb.and([eb("updated_at", "=", after.updatedAt), eb("id", "<", after.id)]),
      ]),
    );
  }
  return q.orderBy("updated_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}

/** Labels of a page of exercises in one query. */
export async function labelsFor(db: Executor, organizationId: string, exerciseIds: string[]) {
  if (!exerciseIds.length) return [];
  return db
    .selectFrom("exercise_labels")
    .select(["exercise_id", "kind", "value"])
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "in", exerciseIds)
    .orderBy("exercise_id")
    .orderBy("kind")
    .orderBy("value")
    .execute();
}

/**
 * Takes the next version number. The update locks the exercise's row on PostgreSQL and MySQL (SQLite has one
 * writer), so two concurrent publishes get different numbers.
 */
export async function nextVersion(db: Executor, organizationId: string, id: string, at: string): Promise<number> {
  await db
    .updateTable("exercises")
    .set((eb) => ({
      latest_version: sql<number>`coalesce(${eb.ref("latest_version")}, 0) + 1`,
      status: "published",
      dirty: 0,
      updated_at: at,
    }))
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .execute();
  const row = await db
    .selectFrom("exercises")
    .select("latest_version")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.latest_version);
}

export async function insertVersion(db: Executor, row: ExerciseVersionsTable) {
  await db.insertInto("exercise_versions").values(row).execute();
}

/** Newest version first. */
export async function listVersions(
  db: Executor,
  organizationId: string,
  exerciseId: string,
  opts: { limit: number; before?: number },
) {
  let q = db
    .selectFrom("exercise_versions")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId);
  if (opts.before !== undefined) q = q.where("version", "<", opts.before);
  return q.orderBy("version", "desc").limit(opts.limit).execute();
}

export async function findVersion(db: Executor, organizationId: string, exerciseId: string, version: number) {
  return db
    .selectFrom("exercise_versions")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .where("version", "=", version)
    .executeTakeFirst();
}

/** A published version's stored content (JSON text); versions are never updated, so readers may cache it by id. */
export async function findVersionContent(db: Executor, organizationId: string, versionId: string) {
  const row = await db
    .selectFrom("exercise_versions")
    .select(["content"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", versionId)
    .executeTakeFirst();
  return row?.content;
}
