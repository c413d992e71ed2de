/**
 * Extensions: one student's later due date or extra attempts on one assignment. Start and submit read them
 * (attempts.service.ts, submit.service.ts), the student's result page uses the later date for `after_due`.
 */
import type { AppContext } from "../../context.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { type Caller, requireVisibleAssignment } from "../assignments/assignments.service.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";
import { isStudentOf } from "../classes/classes.repository.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import * as repo from "./extensions.repository.ts";
import { lockAssignment } from "./review.repository.ts";

type Row = NonNullable<Awaited<ReturnType<typeof repo.findExtension>>>;
const present = (e: Row, name?: string) => ({
  assignmentId: e.assignment_id,
  userId: e.user_id,
  ...(name !== undefined ? { name } : {}),
  dueAt: e.due_at,
  extraAttempts: e.extra_attempts,
  updatedAt: e.updated_at,
});

export async function listExtensions(ctx: AppContext, caller: Caller, assignmentId: string) {
  await requireVisibleAssignment(ctx.database.read, caller, assignmentId);
  const rows = await repo.listExtensions(ctx.database.read, caller.organizationId, assignmentId);
  return { items: rows.map((r) => present(r, r.user_name)), nextCursor: null };
}

export async function getExtension(ctx: AppContext, caller: Caller, assignmentId: string, userId: string) {
  await requireVisibleAssignment(ctx.database.read, caller, assignmentId);
  const e = await repo.findExtension(ctx.database.read, caller.organizationId, assignmentId, userId);
  if (!e) throw notFound("extension");
  return present(e);
}

export async function putExtension(
  ctx: AppContext,
  caller: Caller,
  actor: AuditActor,
  assignmentId: string,
  userId: string,
  input: { dueAt?: string | null; extraAttempts?: number },
) {
  const org = caller.organizationId;
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    await lockAssignment(trx, org, assignmentId);
    const a = await requireVisibleAssignment(trx, caller, assignmentId);
    if (!(await isStudentOf(trx, org, a.class_id, userId))) throw notFound("student");
    const dueAt = input.dueAt ?? null;
    if (dueAt && a.opens_at && dueAt <= a.opens_at) {
      throw new AppError(400, "validation_failed", "The extended due date must come after the opening date.", [
        { field: "body.dueAt", message: "must be after the assignment's opensAt" },
      ]);
    }
    const before = await repo.findExtension(trx, org, assignmentId, userId);
    await repo.putExtension(trx, {
      organizationId: org,
      assignmentId,
      userId,
      dueAt,
      extraAttempts: input.extraAttempts ?? 0,
      by: caller.userId,
    });
    await recordAudit(trx, {
      organizationId: org,
      actor,
      action: "assignment.extension_set",
      target: { type: "assignment", id: assignmentId },
      details: {
        userId,
        from: before ? { dueAt: before.due_at, extraAttempts: before.extra_attempts } : null,
        to: { dueAt, extraAttempts: input.extraAttempts ?? 0 },
      },
    });
    await writeEvent(trx, {
      organizationId: org,
      type: "assignment.extension_set",
      payload: { assignmentId, classId: a.class_id, userId, dueAt, extraAttempts: input.extraAttempts ?? 0 },
    });
    return (await repo.findExtension(trx, org, assignmentId, userId))!;
  });
  notifyEventsWritten();
  return present(row);
}

export async function deleteExtension(
  ctx: AppContext,
  caller: Caller,
  actor: AuditActor,
  assignmentId: string,
  userId: string,
) {
  const org = caller.organizationId;
  await ctx.database.db.transaction().execute(async (trx) => {
    await requireVisibleAssignment(trx, caller, assignmentId);
    if (!(await repo.deleteExtension(trx, org, assignmentId, userId))) throw notFound("extension");
    await recordAudit(trx, {
      organizationId: org,
      actor,
      action: "assignment.extension_removed",
      target: { type: "assignment", id: assignmentId },
      details: { userId },
    });
  });
}
