import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export interface ClassRow {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  join_code: string;
  created_at: string;
  student_count: number;
}

function selectClasses(db: Executor) {
  return db
    .selectFrom("classes as c")
    .select(["c.id", "c.organization_id", "c.name", "c.description", "c.join_code", "c.created_at"])
    .select((eb) =>
      eb
        .selectFrom("class_students as cs")
        .whereRef("cs.class_id", "=", "c.id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("student_count"),
    )
    .where("c.deleted_at", "is", null);
}

const withCount = (r: Omit<ClassRow, "student_count"> & { student_count: number | string | null }): ClassRow => ({
  ...r,
  student_count: Number(r.student_count ?? 0),
});

export async function insertClass(
  db: Executor,
  c: {
    id: string;
    organizationId: string;
    name: string;
    description: string | null;
    joinCode: string;
    by: string | null;
  },
) {
  const now = nowIso();
  await db
    .insertInto("classes")
    .values({
      id: c.id,
      organization_id: c.organizationId,
      name: c.name,
      description: c.description,
      join_code: c.joinCode,
      created_by: c.by,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
}

export async function findClass(db: Executor, organizationId: string, classId: string): Promise<ClassRow | undefined> {
  const row = await selectClasses(db)
    .where("c.organization_id", "=", organizationId)
    .where("c.id", "=", classId)
    .executeTakeFirst();
  return row && withCount(row);
}

/** Classes in name order, paginated by (name, id). */
export async function listClasses(
  db: Executor,
  organizationId: string,
  opts: { limit: number; after?: { name: string; id: string } },
): Promise<ClassRow[]> {
  let q = selectClasses(db).where("c.organization_id", "=", organizationId);
  const after = opts.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb("c.name", ">", after.name), eb.and([eb("c.name", "=", after.name), eb("c.id", ">", after.id)])]),
    );
  }
  const rows = await q.orderBy("c.name").orderBy("c.id").limit(opts.limit).execute();
  return rows.map(withCount);
}

export async function updateClass(
  db: Executor,
  organizationId: string,
  classId: string,
  patch: { name?: string; description?: string | null },
) {
  await db
    .updateTable("classes")
    .set({ ...patch, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", classId)
    .execute();
}

export async function setJoinCode(db: Executor, organizationId: string, classId: string, joinCode: string) {
  await db
    .updateTable("classes")
    .set({ join_code: joinCode, updated_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", classId)
    .execute();
}

export async function markClassDeleted(db: Executor, organizationId: string, classId: string) {
  const now = nowIso();
  await db
    .updateTable("classes")
    .set({ deleted_at: now, updated_at: now })
    .where("organization_id", "=", organizationId)
    .where("id", "=", classId)
    .where("deleted_at", "is", null)
    .execute();
}

/** Any organization: the code is the only thing the student knows. */
export async function findClassByCode(db: Executor, joinCode: string) {
  return db
    .selectFrom("classes")
    .select(["id", "organization_id"])
    .where("join_code", "=", joinCode)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
}

// ---- students of a class ----

export interface StudentRow {
  id: string;
  name: string;
  email: string;
  username: string | null;
  joined_at: string;
  added_via: string;
}

export async function listStudents(
  db: Executor,
  organizationId: string,
  classId: string,
  opts: { limit: number; after?: { name: string; id: string } },
): Promise<StudentRow[]> {
  let q = db
    .selectFrom("class_students as cs")
    .innerJoin("users as u", "u.id", "cs.user_id")
    .select(["u.id", "u.name", "u.email", "u.username", "cs.created_at as joined_at", "cs.added_via"])
    .where("cs.organization_id", "=", organizationId)
    .where("cs.class_id", "=", classId);
  const after = opts.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb("u.name", ">", after.name), eb.and([eb("u.name", "=", after.name), eb("u.id", ">", after.id)])]),
    );
  }
  return q.orderBy("u.name").orderBy("u.id").limit(opts.limit).execute();
}

export async function isStudentOf(db: Executor, organizationId: string, classId: string, userId: string) {
  const row = await db
    .selectFrom("class_students")
    .select("user_id")
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return !!row;
}

export async function insertStudent(
  db: Executor,
  s: { organizationId: string; classId: string; userId: string; via: "code" | "teacher" | "lti" },
) {
  const now = nowIso();
  await db
    .insertInto("class_students")
    .values({
      class_id: s.classId,
      organization_id: s.organizationId,
      user_id: s.userId,
      added_via: s.via,
      created_at: now,
    })
    .execute();
  return now;
}

export async function deleteStudent(db: Executor, organizationId: string, classId: string, userId: string) {
  const res = await db
    .deleteFrom("class_students")
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
