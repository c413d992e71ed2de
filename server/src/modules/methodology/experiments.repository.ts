/** SQL of teaching experiments. Every query filters by organization. */
import type {
  ExperimentAssignmentsTable,
  ExperimentParticipantsTable,
  ExperimentsTable,
  ExperimentVariantsTable,
} from "../../db/tables/experiments.tables.ts";
import type { Executor } from "../../db/types.ts";

export type ExperimentRow = ExperimentsTable;
export type VariantRow = ExperimentVariantsTable;

export async function insertExperiment(db: Executor, row: ExperimentRow, variants: VariantRow[]) {
  await db.insertInto("experiments").values(row).execute();
  await db.insertInto("experiment_variants").values(variants).execute();
}

export async function findExperiment(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function listExperiments(db: Executor, organizationId: string, opts: { limit: number; before?: string }) {
  let q = db.selectFrom("experiments").selectAll().where("organization_id", "=", organizationId);
  if (opts.before) q = q.where("id", "<", opts.before);
  return q.orderBy("id", "desc").limit(opts.limit).execute();
}

/** Variants of several experiments in one query, in their order. */
export async function variantsOf(db: Executor, organizationId: string, experimentIds: string[]) {
  if (!experimentIds.length) return [];
  return db
    .selectFrom("experiment_variants")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("experiment_id", "in", experimentIds)
    .orderBy("experiment_id")
    .orderBy("position")
    .execute();
}

export async function updateExperiment(db: Executor, organizationId: string, id: string, set: Partial<ExperimentRow>) {
  await db
    .updateTable("experiments")
    .set(set)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .execute();
}

export async function replaceVariants(db: Executor, organizationId: string, experimentId: string, rows: VariantRow[]) {
  await db
    .deleteFrom("experiment_variants")
    .where("organization_id", "=", organizationId)
    .where("experiment_id", "=", experimentId)
    .execute();
  await db.insertInto("experiment_variants").values(rows).execute();
}

/** Moves the status only from `from`; the number of rows changed says whether this caller won. */
export async function transition(
  db: Executor,
  organizationId: string,
  id: string,
  from: ExperimentRow["status"],
  set: Partial<ExperimentRow>,
): Promise<boolean> {
  const r = await db
    .updateTable("experiments")
    .set(set)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertExperimentAssignments(db: Executor, rows: ExperimentAssignmentsTable[]) {
  if (rows.length) await db.insertInto("experiment_assignments").values(rows).execute();
}

export async function experimentAssignments(db: Executor, organizationId: string, experimentId: string) {
  return db
    .selectFrom("experiment_assignments")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("experiment_id", "=", experimentId)
    .execute();
}

export async function insertParticipants(db: Executor, rows: ExperimentParticipantsTable[]) {
  // Batches keep every engine under its bound-parameter limit for a large school.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("experiment_participants")
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** Participants with their names (for the teacher) in one query. */
export async function participants(db: Executor, organizationId: string, experimentId: string) {
  return db
    .selectFrom("experiment_participants as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.user_id", "p.class_id", "p.variant_id", "p.position", "p.late", "p.dealt_at", "u.name"])
    .where("p.organization_id", "=", organizationId)
    .where("p.experiment_id", "=", experimentId)
    .orderBy("p.class_id")
    .orderBy("p.position")
    .execute();
}

export async function findParticipant(db: Executor, experimentId: string, userId: string) {
  return db
    .selectFrom("experiment_participants")
    .selectAll()
    .where("experiment_id", "=", experimentId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function nextPosition(db: Executor, experimentId: string, classId: string): Promise<number> {
  const row = await db
    .selectFrom("experiment_participants")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("experiment_id", "=", experimentId)
    .where("class_id", "=", classId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** The students of these classes with when they joined (one query). */
export async function classStudents(db: Executor, organizationId: string, classIds: string[]) {
  if (!classIds.length) return [];
  return db
    .selectFrom("class_students")
    .select(["class_id", "user_id", "created_at"])
    .where("organization_id", "=", organizationId)
    .where("class_id", "in", classIds)
    .execute();
}

export async function findClasses(db: Executor, organizationId: string, classIds: string[]) {
  if (!classIds.length) return [];
  return db
    .selectFrom("classes")
    .select(["id", "name"])
    .where("organization_id", "=", organizationId)
    .where("id", "in", classIds)
    .where("deleted_at", "is", null)
    .execute();
}

export async function findExercises(db: Executor, organizationId: string, exerciseIds: string[]) {
  if (!exerciseIds.length) return [];
  return db
    .selectFrom("exercises")
    .select(["id", "title", "latest_version"])
    .where("organization_id", "=", organizationId)
    .where("id", "in", exerciseIds)
    .execute();
}

export async function findAssignment(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("assignments")
    .select(["id", "exercise_id", "exercise_version", "class_id"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", assignmentId)
    .executeTakeFirst();
}

/** The assignments of these classes that pin this exercise (the pre-test in each class). */
export async function assignmentsOfExercise(
  db: Executor,
  organizationId: string,
  exerciseId: string,
  classIds: string[],
) {
  if (!classIds.length) return [];
  return db
    .selectFrom("assignments")
    .select(["id"])
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .where("class_id", "in", classIds)
    .execute();
}

/** Running experiments of an organization (late joiners are dealt into those that include their class). */
export async function runningExperiments(db: Executor, organizationId: string) {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("status", "=", "running")
    .execute();
}

/**
 * Whether an experiment hides this assignment from this student: it is a variant's assignment and they were not
 * dealt that variant.
 */
export async function hiddenFromStudent(db: Executor, organizationId: string, assignmentId: string, userId: string) {
  const row = await db
    .selectFrom("experiment_assignments as ea")
    .leftJoin("experiment_participants as p", (j) =>
      j
        .onRef("p.experiment_id", "=", "ea.experiment_id")
        .onRef("p.variant_id", "=", "ea.variant_id")
        .on("p.user_id", "=", userId),
    )
    .select(["ea.variant_id", "p.user_id"])
    .where("ea.organization_id", "=", organizationId)
    .where("ea.assignment_id", "=", assignmentId)
    .executeTakeFirst();
  return !!row && row.variant_id !== null && row.user_id === null;
}

export async function findSecret(db: Executor, organizationId: string) {
  return db
    .selectFrom("experiment_secrets")
    .select("secret_encrypted")
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
}
