import type { Selectable } from "kysely";
import type { AssignmentsTable } from "../../db/tables/classes.tables.ts";
import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export type AssignmentRow = Selectable<AssignmentsTable>;

/** The review policy and archiving (migration 0010_review) may be left out: null = derived from `feedback`. */
type ReviewColumns = "review_when" | "review_show" | "archived_at";
export async function insertAssignment(
  db: Executor,
  row: Omit<AssignmentRow, ReviewColumns> & Partial<Pick<AssignmentRow, ReviewColumns>>,
) {
  await db
    .insertInto("assignments")
    .values({ review_when: null, review_show: null, archived_at: null, ...row })
    .execute();
}

export async function findAssignment(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("assignments as a")
    .innerJoin("classes as c", "c.id", "a.class_id")
    .selectAll("a")
    .where("a.organization_id", "=", organizationId)
    .where("a.id", "=", id)
    .where("c.deleted_at", "is", null)
    .executeTakeFirst();
}

export async function listAssignments(
  db: Executor,
  organizationId: string,
  opts: { limit: number; classId?: string; before?: string },
) {
  let q = db
    .selectFrom("assignments as a")
    .innerJoin("classes as c", "c.id", "a.class_id")
    .selectAll("a")
    .where("a.organization_id", "=", organizationId)
    .where("c.deleted_at", "is", null);
  if (opts.classId) q = q.where("a.class_id", "=", opts.classId);
  if (opts.before) q = q.where("a.id", "<", opts.before);
  return q.orderBy("a.id", "desc").limit(opts.limit).execute();
}

export async function updateAssignment(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Partial<
    Pick<
      AssignmentRow,
      | "opens_at"
      | "due_at"
      | "max_attempts"
      | "feedback"
      | "allow_late"
      | "review_when"
      | "review_show"
      | "archived_at"
      | "exercise_version_id"
      | "exercise_version"
      | "title"
      | "max_score"
    >
  >,
) {
  await db
    .updateTable("assignments")
    .set({ ...patch, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .execute();
}

export async function deleteAssignment(db: Executor, organizationId: string, id: string) {
  await db.deleteFrom("assignments").where("organization_id", "=", organizationId).where("id", "=", id).execute();
}

export async function countAttempts(db: Executor, organizationId: string, assignmentId: string): Promise<number> {
  const row = await db
    .selectFrom("attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One published version of an exercise of the organization by its number (its id and number), or undefined. */
export async function findVersion(db: Executor, organizationId: string, exerciseId: string, version: number) {
  return db
    .selectFrom("exercise_versions")
    .select(["id", "version"])
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .where("version", "=", version)
    .executeTakeFirst();
}

export async function latestVersion(db: Executor, organizationId: string, exerciseId: string) {
  return db
    .selectFrom("exercise_versions")
    .select(["id", "version"])
    .where("organization_id", "=", organizationId)
    .where("exercise_id", "=", exerciseId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function findExercise(db: Executor, organizationId: string, exerciseId: string) {
  return db
    .selectFrom("exercises")
    .select(["id", "status"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", exerciseId)
    .executeTakeFirst();
}

// ---- the student's side ----

/** Assignments of the classes a user is a student of, newest first. */
export async function listAssignmentsOfStudent(
  db: Executor,
  organizationId: string,
  userId: string,
  opts: { limit: number; before?: string },
) {
  let q = db
    .selectFrom("assignments as a")
    .innerJoin("class_students as cs", (j) => j.onRef("cs.class_id", "=", "a.class_id").on("cs.user_id", "=", userId))
    .innerJoin("classes as c", "c.id", "a.class_id")
    .selectAll("a")
    .select("c.name as class_name")
    .where("a.organization_id", "=", organizationId)
    .where("c.deleted_at", "is", null)
    // A teaching experiment's variant assignment shows only to the students dealt that variant (methodology §2).
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("experiment_assignments as ea")
            .select("ea.assignment_id")
            .whereRef("ea.assignment_id", "=", "a.id")
            .where("ea.variant_id", "is not", null)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom("experiment_participants as p")
                    .select("p.user_id")
                    .whereRef("p.experiment_id", "=", "ea.experiment_id")
                    .whereRef("p.variant_id", "=", "ea.variant_id")
                    .where("p.user_id", "=", userId),
                ),
              ),
            ),
        ),
      ),
    );
  if (opts.before) q = q.where("a.id", "<", opts.before);
  return q.orderBy("a.id", "desc").limit(opts.limit).execute();
}

/** Every attempt of one user on these assignments (one query for a whole page). */
export async function attemptsOfUser(db: Executor, organizationId: string, userId: string, assignmentIds: string[]) {
  if (!assignmentIds.length) return [];
  return db
    .selectFrom("attempts")
    .select(["id", "assignment_id", "status", "score", "late", "number"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("assignment_id", "in", assignmentIds)
    .execute();
}
