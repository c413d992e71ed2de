/**
 * Assignments: an exercise's published version given to a class, with its dates, attempts and feedback mode.
 * Creating one pins the latest published version, so later edits of the exercise never change work already given.
 */
import type { FeedbackMode, Role } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { isForeignKeyViolation } from "../../db/dialect.ts";
import type { Executor } from "../../db/types.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { AppError, conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { isStudentOf } from "../classes/classes.repository.ts";
import { requireClass } from "../classes/classes.service.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { hiddenFromStudent } from "../methodology/experiments.repository.ts";
import { presentAssignment, presentMyAssignment } from "./assignments.presenter.ts";
import * as repo from "./assignments.repository.ts";
import { feedbackOf, type ReviewPolicy, reviewPolicyOf } from "./review-policy.ts";
import { loadVersionContent, maxScoreOf } from "./versions.ts";

export interface Caller {
  organizationId: string;
  userId: string | null;
  role: Role;
}

export const isStaff = (role: Role) => role !== "student";
const isIdCursor = (v: unknown): v is string => typeof v === "string";

function checkDates(opensAt: string | null, dueAt: string | null) {
  if (opensAt && dueAt && dueAt <= opensAt) {
    throw new AppError(400, "validation_failed", "The due date must come after the opening date.", [
      { field: "body.dueAt", message: "must be after opensAt" },
    ]);
  }
}

/**
 * The assignment if the caller may see it: staff see every assignment of the organization, students only those
 * of their classes; anyone else gets 404, never a hint that it exists.
 */
export async function requireVisibleAssignment(db: Executor, caller: Caller, assignmentId: string) {
  const a = await repo.findAssignment(db, caller.organizationId, assignmentId);
  if (!a) throw notFound("assignment");
  if (!isStaff(caller.role)) {
    if (!caller.userId || !(await isStudentOf(db, caller.organizationId, a.class_id, caller.userId))) {
      throw notFound("assignment");
    }
    if (await hiddenFromStudent(db, caller.organizationId, a.id, caller.userId)) throw notFound("assignment");
  }
  return a;
}

export async function createAssignment(
  ctx: AppContext,
  caller: Caller,
  input: {
    exerciseId: string;
    classId: string;
    opensAt?: string | null;
    dueAt?: string | null;
    maxAttempts: number;
    feedback?: FeedbackMode;
    review?: ReviewPolicy;
    allowLate: boolean;
    shuffle: boolean;
  },
) {
  if (!input.feedback && !input.review) {
    throw new AppError(400, "validation_failed", "Say what students see after submitting: review or feedback.", [
      { field: "body.review", message: "is required (or the older feedback)" },
    ]);
  }
  const policy = input.review ?? reviewPolicyOf({ feedback: input.feedback as FeedbackMode });
  checkDates(input.opensAt ?? null, input.dueAt ?? null);
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    await requireClass(trx, caller.organizationId, input.classId);
    if (!(await repo.findExercise(trx, caller.organizationId, input.exerciseId))) throw notFound("exercise");
    const version = await repo.latestVersion(trx, caller.organizationId, input.exerciseId);
    if (!version) {
      throw unprocessable(
        "not_published",
        "Publish the exercise before assigning it: assignments pin a published version.",
      );
    }
    const content = await loadVersionContent(trx, caller.organizationId, version.id);
    const now = nowIso();
    const a: repo.AssignmentRow = {
      id: newId(),
      organization_id: caller.organizationId,
      class_id: input.classId,
      exercise_id: input.exerciseId,
      exercise_version_id: version.id,
      exercise_version: version.version,
      title: content.title,
      opens_at: input.opensAt ?? null,
      due_at: input.dueAt ?? null,
      max_attempts: input.maxAttempts,
      feedback: feedbackOf(policy),
      review_when: policy.when,
      review_show: policy.show,
      archived_at: null,
      allow_late: input.allowLate ? 1 : 0,
      shuffle: input.shuffle ? 1 : 0,
      max_score: maxScoreOf(content),
      created_by: caller.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insertAssignment(trx, a);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "assignment.created",
      payload: {
        assignmentId: a.id,
        classId: a.class_id,
        exerciseId: a.exercise_id,
        exerciseVersion: a.exercise_version,
        dueAt: a.due_at,
        by: caller.userId,
      },
    });
    return a;
  });
  notifyEventsWritten();
  return presentAssignment(row);
}

export async function getAssignment(ctx: AppContext, caller: Caller, assignmentId: string) {
  return presentAssignment(await requireVisibleAssignment(ctx.database.db, caller, assignmentId));
}

export async function listAssignments(
  ctx: AppContext,
  organizationId: string,
  q: { limit: number; cursor?: string; classId?: string },
) {
  const before = decodeCursor(q.cursor, isIdCursor);
  const rows = await repo.listAssignments(ctx.database.read, organizationId, {
    limit: q.limit + 1,
    classId: q.classId,
    before,
  });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  return { items: kept.map(presentAssignment), nextCursor };
}

export async function updateAssignment(
  ctx: AppContext,
  caller: Caller,
  assignmentId: string,
  patch: {
    opensAt?: string | null;
    dueAt?: string | null;
    maxAttempts?: number;
    feedback?: FeedbackMode;
    review?: ReviewPolicy;
    allowLate?: boolean;
    archived?: boolean;
  },
) {
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const a = await repo.findAssignment(trx, caller.organizationId, assignmentId);
    if (!a) throw notFound("assignment");
    // The older `feedback` alone maps to its policy; `review` wins when both come.
    const policy = patch.review ?? (patch.feedback ? reviewPolicyOf({ feedback: patch.feedback }) : reviewPolicyOf(a));
    const next = {
      opens_at: patch.opensAt !== undefined ? patch.opensAt : a.opens_at,
      due_at: patch.dueAt !== undefined ? patch.dueAt : a.due_at,
      max_attempts: patch.maxAttempts ?? a.max_attempts,
      feedback: feedbackOf(policy),
      review_when: policy.when,
      review_show: policy.show,
      allow_late: patch.allowLate === undefined ? a.allow_late : patch.allowLate ? 1 : 0,
      archived_at: patch.archived === undefined ? a.archived_at : patch.archived ? (a.archived_at ?? nowIso()) : null,
    };
    checkDates(next.opens_at, next.due_at);
    await repo.updateAssignment(trx, caller.organizationId, assignmentId, next);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "assignment.updated",
      payload: { assignmentId, fields: Object.keys(patch), by: caller.userId },
    });
    return { ...a, ...next };
  });
  notifyEventsWritten();
  return presentAssignment(row);
}

/** Only while nobody has started it: attempts are students' work and are never thrown away with an assignment. */
export async function deleteAssignment(ctx: AppContext, caller: Caller, assignmentId: string) {
  const hasAttempts = () =>
    conflict("has_attempts", "Students have started this assignment: it can no longer be deleted.");
  try {
    await ctx.database.db.transaction().execute(async (trx) => {
      const a = await repo.findAssignment(trx, caller.organizationId, assignmentId);
      if (!a) throw notFound("assignment");
      if ((await repo.countAttempts(trx, caller.organizationId, assignmentId)) > 0) throw hasAttempts();
      await repo.deleteAssignment(trx, caller.organizationId, assignmentId);
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "assignment.deleted",
        payload: { assignmentId, classId: a.class_id, by: caller.userId },
      });
    });
  } catch (err) {
    // An attempt started between the count and the delete: the foreign key (no cascade) refuses the delete.
    if (isForeignKeyViolation(err)) throw hasAttempts();
    throw err;
  }
  notifyEventsWritten();
}

/**
 * The assignments of the caller's classes with their status and best visible score. Read on the primary: a student
 * opens this list right after joining or submitting, and must see what they just did whatever the replica's lag.
 */
export async function myAssignments(
  ctx: AppContext,
  caller: Caller & { userId: string },
  q: { limit: number; cursor?: string },
) {
  const before = decodeCursor(q.cursor, isIdCursor);
  const db = ctx.database.db;
  const rows = await repo.listAssignmentsOfStudent(db, caller.organizationId, caller.userId, {
    limit: q.limit + 1,
    before,
  });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  const attempts = await repo.attemptsOfUser(
    db,
    caller.organizationId,
    caller.userId,
    kept.map((a) => a.id),
  );
  const now = nowIso();
  const items = kept.map((a) =>
    presentMyAssignment(
      a,
      attempts.filter((t) => t.assignment_id === a.id),
      now,
    ),
  );
  return { items, nextCursor };
}
