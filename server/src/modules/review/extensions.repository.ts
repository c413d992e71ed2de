import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

export async function findExtension(db: Executor, organizationId: string, assignmentId: string, userId: string) {
  return db
    .selectFrom("assignment_extensions")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function listExtensions(db: Executor, organizationId: string, assignmentId: string) {
  return db
    .selectFrom("assignment_extensions as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .selectAll("e")
    .select(["u.name as user_name"])
    .where("e.organization_id", "=", organizationId)
    .where("e.assignment_id", "=", assignmentId)
    .orderBy("u.name")
    .execute();
}

/** Insert or replace (portable: no engine-specific upsert; the caller holds the assignment's row lock). */
export async function putExtension(
  db: Executor,
  e: {
    organizationId: string;
    assignmentId: string;
    userId: string;
    dueAt: string | null;
    extraAttempts: number;
    by: string | null;
  },
) {
  const now = nowIso();
  const exists = await findExtension(db, e.organizationId, e.assignmentId, e.userId);
  if (exists) {
    await db
      .updateTable("assignment_extensions")
      .set({ due_at: e.dueAt, extra_attempts: e.extraAttempts, updated_at: now })
      .where("organization_id", "=", e.organizationId)
      .where("assignment_id", "=", e.assignmentId)
      .where("user_id", "=", e.userId)
      .execute();
  } else {
    await db
      .insertInto("assignment_extensions")
      .values({
        assignment_id: e.assignmentId,
        user_id: e.userId,
        organization_id: e.organizationId,
        due_at: e.dueAt,
        extra_attempts: e.extraAttempts,
        created_by: e.by,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  return { existed: !!exists, at: now };
}

export async function deleteExtension(db: Executor, organizationId: string, assignmentId: string, userId: string) {
  const res = await db
    .deleteFrom("assignment_extensions")
    .where("organization_id", "=", organizationId)
    .where("assignment_id", "=", assignmentId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
