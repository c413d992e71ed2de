/**
 * Classes of an organization and their join codes. Every staff member (owner, admin, teacher) of the organization
 * teaches every class of it: there is no per-class teacher list (yet), so "the class's teachers" are its staff.
 */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import type { Executor } from "../../db/types.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { presentClass } from "./classes.presenter.ts";
import * as repo from "./classes.repository.ts";
import { newJoinCode } from "./join-code.ts";

const CODE_TRIES = 5;

export interface Caller {
  organizationId: string;
  userId: string | null;
}

export const isNameCursor = (v: unknown): v is { name: string; id: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { name?: unknown }).name === "string" &&
  typeof (v as { id?: unknown }).id === "string";

/**
 * Runs `work(code)` in its own transaction with a fresh code until the unique index accepts it. A collision is
 * rare (8.5 × 10^11 codes) but must not become a 500; each try is its own transaction because PostgreSQL aborts
 * a transaction on the first error.
 */
async function withFreshCode<T>(ctx: AppContext, work: (trx: Executor, code: string) => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await ctx.database.db.transaction().execute((trx) => work(trx, newJoinCode()));
    } catch (err) {
      if (!isUniqueViolation(err) || i >= CODE_TRIES) throw err;
    }
  }
}

export async function createClass(ctx: AppContext, caller: Caller, input: { name: string; description?: string }) {
  const id = newId();
  await withFreshCode(ctx, async (trx, joinCode) => {
    await repo.insertClass(trx, {
      id,
      organizationId: caller.organizationId,
      name: input.name,
      description: input.description ?? null,
      joinCode,
      by: caller.userId,
    });
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "class.created",
      payload: { classId: id, name: input.name, by: caller.userId },
    });
  });
  notifyEventsWritten();
  return getClass(ctx, caller.organizationId, id);
}

export async function requireClass(db: Executor, organizationId: string, classId: string) {
  const c = await repo.findClass(db, organizationId, classId);
  if (!c) throw notFound("class");
  return c;
}

export async function getClass(ctx: AppContext, organizationId: string, classId: string) {
  return presentClass(await requireClass(ctx.database.db, organizationId, classId));
}

export async function listClasses(ctx: AppContext, organizationId: string, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isNameCursor);
  const rows = await repo.listClasses(ctx.database.read, organizationId, { limit: q.limit + 1, after });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => ({ name: r.name, id: r.id }));
  return { items: kept.map(presentClass), nextCursor };
}

export async function updateClass(
  ctx: AppContext,
  caller: Caller,
  classId: string,
  patch: { name?: string; description?: string | null },
) {
  await ctx.database.db.transaction().execute(async (trx) => {
    await requireClass(trx, caller.organizationId, classId);
    await repo.updateClass(trx, caller.organizationId, classId, patch);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "class.updated",
      payload: { classId, fields: Object.keys(patch), by: caller.userId },
    });
  });
  notifyEventsWritten();
  return getClass(ctx, caller.organizationId, classId);
}

export async function rotateJoinCode(ctx: AppContext, caller: Caller, classId: string) {
  await withFreshCode(ctx, async (trx, joinCode) => {
    await requireClass(trx, caller.organizationId, classId);
    await repo.setJoinCode(trx, caller.organizationId, classId, joinCode);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "class.join_code_rotated",
      payload: { classId, by: caller.userId },
    });
  });
  notifyEventsWritten();
  return getClass(ctx, caller.organizationId, classId);
}

/**
 * Deleting hides the class (lists, lookups, its join code) but keeps its assignments and attempts: grades and
 * analytics outlive a class. The code stops working at once.
 */
export async function deleteClass(ctx: AppContext, caller: Caller, classId: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    await requireClass(trx, caller.organizationId, classId);
    await repo.markClassDeleted(trx, caller.organizationId, classId);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "class.deleted",
      payload: { classId, by: caller.userId },
    });
  });
  notifyEventsWritten();
}

export function staffCannotJoin(): AppError {
  return new AppError(
    409,
    "staff_cannot_join",
    "You are a teacher of this organization: teachers cannot join its classes as students.",
  );
}
