/**
 * The statements of an attempt (`answered` per item, `completed`) and of a teacher's grade (`scored`), built from
 * what the database holds by the pure builders of domain/src/formats/xapi, and queued in `xapi_statements`.
 */
import type { Item, Response } from "@languagecloud/domain";
import {
  type AttemptContext,
  answeredStatement,
  completedStatement,
  scoredStatement,
  type XapiStatement,
} from "@languagecloud/domain/formats/xapi/index";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { nowIso } from "../../lib/ids.ts";
import { loadVersionContent } from "../assignments/versions.ts";
import { publicBase } from "../lti/lti.presenter.ts";
import { pseudonym, statementId } from "./xapi.ids.ts";
import { loadLrs } from "./xapi.settings.ts";

async function attemptContext(
  ctx: AppContext,
  organizationId: string,
  attemptId: string,
  actorKind: "account" | "mbox",
) {
  const db = ctx.database.db;
  const row = await db
    .selectFrom("attempts as a")
    .innerJoin("assignments as s", "s.id", "a.assignment_id")
    .innerJoin("users as u", "u.id", "a.user_id")
    .select([
      "a.id",
      "a.user_id",
      "a.class_id",
      "a.assignment_id",
      "a.status",
      "a.score",
      "a.max_score",
      "a.pending_count",
      "a.submitted_at",
      "a.time_on_task_seconds",
      "s.exercise_id",
      "s.exercise_version_id",
      "s.exercise_version",
      "u.email",
      "u.name",
    ])
    .where("a.organization_id", "=", organizationId)
    .where("a.id", "=", attemptId)
    .executeTakeFirst();
  if (!row) return null;
  const exercise = await loadVersionContent(db, organizationId, row.exercise_version_id);
  const base = publicBase(ctx);
  const c: AttemptContext = {
    publicUrl: base,
    actor:
      actorKind === "mbox"
        ? { objectType: "Agent", mbox: `mailto:${row.email}`, name: row.name }
        : {
            objectType: "Agent",
            account: { homePage: base, name: pseudonym(ctx.config.SESSION_SECRET, organizationId, row.user_id) },
          },
    attemptId,
    assignmentId: row.assignment_id,
    classId: row.class_id,
    exerciseId: row.exercise_id,
    version: row.exercise_version,
    exerciseTitle: exercise.title,
  };
  const items = new Map(
    exercise.items.map((it, i) => [it.id ?? `item-${i}`, { ...it, id: it.id ?? `item-${i}` } as Item & { id: string }]),
  );
  return { c, row, items };
}

/** Inserts statements; one already queued (same id) is left as it is. Returns how many are new. */
async function queue(ctx: AppContext, organizationId: string, statements: XapiStatement[]): Promise<number> {
  let added = 0;
  const now = nowIso();
  for (const s of statements) {
    try {
      // One statement each: on PostgreSQL a duplicate would abort a whole transaction.
      await ctx.database.db
        .insertInto("xapi_statements")
        .values({
          id: s.id,
          organization_id: organizationId,
          statement: JSON.stringify(s),
          status: "pending",
          attempt_count: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          sent_at: null,
        })
        .execute();
      added++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return added;
}

/** `answered` for each item and `completed` for the attempt, queued. */
export async function statementsForSubmission(
  ctx: AppContext,
  organizationId: string,
  attemptId: string,
): Promise<number> {
  const lrs = await loadLrs(ctx, organizationId);
  if (!lrs?.enabled) return 0;
  const found = await attemptContext(ctx, organizationId, attemptId, lrs.actor);
  if (found?.row.status !== "submitted") return 0;
  const { c, row, items } = found;
  const responses = await ctx.database.db
    .selectFrom("responses")
    .select(["item_id", "response", "score", "max_score", "status", "created_at"])
    .where("organization_id", "=", organizationId)
    .where("attempt_id", "=", attemptId)
    .execute();
  const at = row.submitted_at ?? nowIso();
  const out: XapiStatement[] = [];
  for (const r of responses) {
    const item = items.get(r.item_id);
    if (!item) continue;
    const s = answeredStatement(
      c,
      statementId(attemptId, r.item_id, "answered"),
      item,
      {
        response: r.response ? (JSON.parse(r.response) as Response) : null,
        score: Number(r.score),
        maxScore: Number(r.max_score),
        status: r.status,
      },
      at,
    );
    if (s) out.push(s);
  }
  out.push(
    completedStatement(
      c,
      statementId(attemptId, "", "completed"),
      {
        score: Number(row.score ?? 0),
        maxScore: Number(row.max_score),
        pending: row.pending_count > 0,
        durationSeconds: row.time_on_task_seconds,
      },
      at,
    ),
  );
  return queue(ctx, organizationId, out);
}

/** `scored` for a teacher's grade of one item; the grade's event names it (each grade is its own statement). */
export async function statementForGrade(
  ctx: AppContext,
  organizationId: string,
  g: { attemptId: string; itemId: string; score: number; maxScore: number; eventId: string; at: string },
): Promise<number> {
  const lrs = await loadLrs(ctx, organizationId);
  if (!lrs?.enabled) return 0;
  const found = await attemptContext(ctx, organizationId, g.attemptId, lrs.actor);
  const item = found?.items.get(g.itemId);
  if (!found || !item) return 0;
  const s = scoredStatement(found.c, statementId(g.attemptId, g.itemId, `scored:${g.eventId}`), item, g, g.at);
  return s ? queue(ctx, organizationId, [s]) : 0;
}
