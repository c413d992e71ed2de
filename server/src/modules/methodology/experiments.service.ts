/**
 * Teaching experiments (methodology.md §2): create (a draft), edit while a draft, start (deal the students and
 * create the per-variant and outcome assignments in one transaction), close; late joiners dealt in.
 */

import { randomBytes } from "node:crypto";
import { dealClasses, dealStudents, variantAt } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import * as assignmentsRepo from "../assignments/assignments.repository.ts";
import { loadVersionContent, maxScoreOf } from "../assignments/versions.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { type ExperimentDto, presentExperiment } from "./experiments.presenter.ts";
import * as repo from "./experiments.repository.ts";
import type { CreateExperimentBody, PatchExperimentBody } from "./methodology.schema.ts";

export interface Caller {
  organizationId: string;
  userId: string | null;
}

const isIdCursor = (v: unknown): v is string => typeof v === "string" && v.length <= 64;

function checkDates(pairs: [string | null | undefined, string | null | undefined, string][]) {
  const details = pairs
    .filter(([open, due]) => open && due && due <= open)
    .map(([, , field]) => ({ field: `body.${field}`, message: "must be after the matching opening date" }));
  if (details.length) throw unprocessable("validation_failed", "A due date is before its opening date.", details);
}

/** Checks that classes, exercises, versions and the pre-test belong to the organization; 422 naming the field. */
async function checkReferences(db: Executor, organizationId: string, body: CreateExperimentBody) {
  const details: { field: string; message: string }[] = [];
  const classIds = [...new Set(body.classIds)];
  if (classIds.length !== body.classIds.length)
    details.push({ field: "body.classIds", message: "a class is listed twice" });
  const classes = await repo.findClasses(db, organizationId, classIds);
  if (classes.length !== classIds.length) details.push({ field: "body.classIds", message: "unknown class" });
  if (body.unit === "class" && classIds.length < body.variants.length)
    details.push({ field: "body.classIds", message: "dealing whole classes needs at least one class per variant" });
  const refs = [
    ...body.variants.map((v, i) => ({ ...v, field: `body.variants.${i}` })),
    { ...body.outcome, field: "body.outcome" },
  ];
  const exercises = new Map(
    (await repo.findExercises(db, organizationId, [...new Set(refs.map((r) => r.exerciseId))])).map((e) => [e.id, e]),
  );
  for (const r of refs) {
    const ex = exercises.get(r.exerciseId);
    if (!ex) details.push({ field: `${r.field}.exerciseId`, message: "unknown exercise" });
    else if (
      r.version !== undefined &&
      !(await assignmentsRepo.findVersion(db, organizationId, r.exerciseId, r.version))
    )
      details.push({ field: `${r.field}.version`, message: "no such published version" });
    else if (r.version === undefined && !ex.latest_version)
      details.push({ field: `${r.field}.exerciseId`, message: "the exercise has no published version" });
  }
  if (body.pretest && !(await repo.findAssignment(db, organizationId, body.pretest.assignmentId)))
    details.push({ field: "body.pretest.assignmentId", message: "unknown assignment" });
  if (details.length)
    throw unprocessable("invalid_reference", "Some of the experiment's parts were not found.", details);
}

function variantRows(organizationId: string, experimentId: string, body: CreateExperimentBody): repo.VariantRow[] {
  return body.variants.map((v, position) => ({
    id: newId(),
    experiment_id: experimentId,
    organization_id: organizationId,
    position,
    name: v.name,
    exercise_id: v.exerciseId,
    version: v.version ?? null,
  }));
}

function fieldsOf(body: CreateExperimentBody) {
  return {
    name: body.name,
    question: body.question,
    unit: body.unit,
    class_ids: JSON.stringify(body.classIds),
    outcome_exercise_id: body.outcome.exerciseId,
    outcome_version: body.outcome.version ?? null,
    pretest_assignment_id: body.pretest?.assignmentId ?? null,
    opens_at: body.opensAt ?? null,
    due_at: body.dueAt ?? null,
    outcome_opens_at: body.outcomeOpensAt ?? null,
    outcome_due_at: body.outcomeDueAt ?? null,
  };
}

export async function createExperiment(ctx: AppContext, caller: Caller, body: CreateExperimentBody) {
  checkDates([
    [body.opensAt, body.dueAt, "dueAt"],
    [body.outcomeOpensAt, body.outcomeDueAt, "outcomeDueAt"],
  ]);
  return ctx.database.db.transaction().execute(async (trx) => {
    await checkReferences(trx, caller.organizationId, body);
    const now = nowIso();
    const row: repo.ExperimentRow = {
      id: newId(),
      organization_id: caller.organizationId,
      status: "draft",
      seed: randomBytes(16).toString("hex"),
      created_by: caller.userId,
      created_at: now,
      updated_at: now,
      started_at: null,
      closed_at: null,
      ...fieldsOf(body),
    };
    const variants = variantRows(caller.organizationId, row.id, body);
    await repo.insertExperiment(trx, row, variants);
    return presentExperiment(row, variants);
  });
}

export async function requireExperiment(db: Executor, organizationId: string, id: string) {
  const e = await repo.findExperiment(db, organizationId, id);
  if (!e) throw notFound("experiment");
  return e;
}

/** The experiment and, once started, who got which variant (teachers only: students never see experiments). */
export async function getExperiment(ctx: AppContext, organizationId: string, id: string) {
  const db = ctx.database.db;
  const e = await requireExperiment(db, organizationId, id);
  const [variants, people, links] = await Promise.all([
    repo.variantsOf(db, organizationId, [id]),
    repo.participants(db, organizationId, id),
    repo.experimentAssignments(db, organizationId, id),
  ]);
  return {
    ...presentExperiment(e, variants),
    participants: people.map((p) => ({
      student: { id: p.user_id, name: p.name },
      classId: p.class_id,
      variant: p.variant_id,
      late: p.late === 1,
      dealtAt: p.dealt_at,
    })),
    assignments: links.map((l) => ({ assignmentId: l.assignment_id, classId: l.class_id, variant: l.variant_id })),
  };
}

export async function listExperiments(ctx: AppContext, organizationId: string, q: { limit: number; cursor?: string }) {
  const db = ctx.database.read;
  const before = decodeCursor(q.cursor, isIdCursor);
  const rows = await repo.listExperiments(db, organizationId, { limit: q.limit + 1, before });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  const variants = await repo.variantsOf(
    db,
    organizationId,
    kept.map((r) => r.id),
  );
  const items: ExperimentDto[] = kept.map((e) =>
    presentExperiment(
      e,
      variants.filter((v) => v.experiment_id === e.id),
    ),
  );
  return { items, nextCursor };
}

export async function editExperiment(ctx: AppContext, caller: Caller, id: string, patch: PatchExperimentBody) {
  return ctx.database.db.transaction().execute(async (trx) => {
    const e = await requireExperiment(trx, caller.organizationId, id);
    if (e.status !== "draft") throw conflict("experiment_not_draft", "Only a draft experiment can be edited.");
    const current = presentExperiment(e, await repo.variantsOf(trx, caller.organizationId, [id]));
    const merged: CreateExperimentBody = {
      name: patch.name ?? current.name,
      question: patch.question ?? current.question,
      classIds: patch.classIds ?? current.classIds,
      unit: patch.unit ?? current.unit,
      variants:
        patch.variants ??
        current.variants.map((v) => ({
          name: v.name,
          exerciseId: v.exerciseId,
          ...(v.version ? { version: v.version } : {}),
        })),
      outcome: patch.outcome ?? {
        exerciseId: current.outcome.exerciseId,
        ...(current.outcome.version ? { version: current.outcome.version } : {}),
      },
      pretest: patch.pretest === undefined ? current.pretest : patch.pretest,
      opensAt: patch.opensAt === undefined ? current.opensAt : patch.opensAt,
      dueAt: patch.dueAt === undefined ? current.dueAt : patch.dueAt,
      outcomeOpensAt: patch.outcomeOpensAt === undefined ? current.outcomeOpensAt : patch.outcomeOpensAt,
      outcomeDueAt: patch.outcomeDueAt === undefined ? current.outcomeDueAt : patch.outcomeDueAt,
    };
    checkDates([
      [merged.opensAt, merged.dueAt, "dueAt"],
      [merged.outcomeOpensAt, merged.outcomeDueAt, "outcomeDueAt"],
    ]);
    await checkReferences(trx, caller.organizationId, merged);
    const updated = { ...e, ...fieldsOf(merged), updated_at: nowIso() };
    await repo.updateExperiment(trx, caller.organizationId, id, {
      ...fieldsOf(merged),
      updated_at: updated.updated_at,
    });
    let variants = await repo.variantsOf(trx, caller.organizationId, [id]);
    if (patch.variants) {
      variants = variantRows(caller.organizationId, id, merged);
      await repo.replaceVariants(trx, caller.organizationId, id, variants);
    }
    return presentExperiment(updated, variants);
  });
}

/** The pinned version of an exercise: the one named, else the latest published. */
async function resolveVersion(db: Executor, organizationId: string, exerciseId: string, version: number | null) {
  const v =
    version === null
      ? await assignmentsRepo.latestVersion(db, organizationId, exerciseId)
      : await assignmentsRepo.findVersion(db, organizationId, exerciseId, version);
  if (!v) throw unprocessable("not_published", "An exercise of the experiment has no published version to pin.");
  const content = await loadVersionContent(db, organizationId, v.id);
  return { id: v.id, version: Number(v.version), content };
}

/**
 * Starts a draft: deals every student of its classes (seeded, stratified by class) and creates, per class, one
 * assignment per variant (seen only by that variant's students) and one outcome assignment (seen by all).
 */
export async function startExperiment(ctx: AppContext, caller: Caller, id: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    const e = await requireExperiment(trx, caller.organizationId, id);
    const now = nowIso();
    // The conditional update is the lock: a second start (or a start racing an edit) changes no row and stops here.
    if (
      !(await repo.transition(trx, caller.organizationId, id, "draft", {
        status: "running",
        started_at: now,
        updated_at: now,
      }))
    )
      throw conflict("experiment_not_draft", "This experiment has already been started.");
    const variants = await repo.variantsOf(trx, caller.organizationId, [id]);
    const classIds = JSON.parse(e.class_ids) as string[];
    const classes = await repo.findClasses(trx, caller.organizationId, classIds);
    if (classes.length !== classIds.length)
      throw unprocessable("invalid_reference", "A class of the experiment was deleted.");
    const pinned = await Promise.all(
      variants.map((v) =>
        resolveVersion(trx, caller.organizationId, v.exercise_id, v.version === null ? null : Number(v.version)),
      ),
    );
    const outcome = await resolveVersion(
      trx,
      caller.organizationId,
      e.outcome_exercise_id,
      e.outcome_version === null ? null : Number(e.outcome_version),
    );

    const links: {
      assignment_id: string;
      experiment_id: string;
      organization_id: string;
      class_id: string;
      variant_id: string | null;
    }[] = [];
    const makeAssignment = async (
      classId: string,
      exerciseId: string,
      version: Awaited<ReturnType<typeof resolveVersion>>,
      variantId: string | null,
    ) => {
      const isOutcome = variantId === null;
      const a: assignmentsRepo.AssignmentRow = {
        id: newId(),
        organization_id: caller.organizationId,
        class_id: classId,
        exercise_id: exerciseId,
        exercise_version_id: version.id,
        exercise_version: version.version,
        title: version.content.title,
        opens_at: isOutcome ? e.outcome_opens_at : e.opens_at,
        due_at: isOutcome ? e.outcome_due_at : e.due_at,
        // The post-test counts once: its first attempt is the outcome.
        max_attempts: isOutcome ? 1 : 3,
        feedback: "immediate",
        review_when: "immediate",
        review_show: "verdicts",
        archived_at: null,
        allow_late: 1,
        shuffle: 0,
        max_score: maxScoreOf(version.content),
        created_by: caller.userId,
        created_at: now,
        updated_at: now,
      };
      await assignmentsRepo.insertAssignment(trx, a);
      links.push({
        assignment_id: a.id,
        experiment_id: id,
        organization_id: caller.organizationId,
        class_id: classId,
        variant_id: variantId,
      });
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "assignment.created",
        payload: {
          assignmentId: a.id,
          classId,
          exerciseId,
          exerciseVersion: version.version,
          dueAt: a.due_at,
          by: caller.userId,
        },
      });
    };
    for (const classId of classIds) {
      for (const [k, v] of variants.entries()) await makeAssignment(classId, v.exercise_id, pinned[k]!, v.id);
      await makeAssignment(classId, e.outcome_exercise_id, outcome, null);
    }
    await repo.insertExperimentAssignments(trx, links);

    const students = await repo.classStudents(trx, caller.organizationId, classIds);
    const byClassDeal = e.unit === "class" ? dealClasses(e.seed, classIds, variants.length) : null;
    const taken = new Set<string>();
    const rows = [];
    for (const classId of classIds) {
      // A student in two of the experiment's classes is dealt once, in the first of them.
      const ids = students.filter((s) => s.class_id === classId && !taken.has(s.user_id)).map((s) => s.user_id);
      for (const d of dealStudents(e.seed, classId, ids, variants.length)) {
        taken.add(d.userId);
        const variant = byClassDeal ? byClassDeal.get(classId)! : d.variant;
        rows.push({
          experiment_id: id,
          user_id: d.userId,
          organization_id: caller.organizationId,
          class_id: classId,
          variant_id: variants[variant]!.id,
          position: d.position,
          late: 0,
          dealt_at: now,
        });
      }
    }
    await repo.insertParticipants(trx, rows);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "experiment.started",
      payload: { experimentId: id, participants: rows.length, by: caller.userId },
    });
  });
  notifyEventsWritten();
  return getExperiment(ctx, caller.organizationId, id);
}

export async function closeExperiment(ctx: AppContext, caller: Caller, id: string) {
  const db = ctx.database.db;
  await requireExperiment(db, caller.organizationId, id);
  const now = nowIso();
  if (
    !(await repo.transition(db, caller.organizationId, id, "running", {
      status: "closed",
      closed_at: now,
      updated_at: now,
    }))
  )
    throw conflict("experiment_not_running", "Only a running experiment can be closed.");
  return getExperiment(ctx, caller.organizationId, id);
}

/**
 * Deals a student who joined a class of running experiments: the next variant of that class's deal (or the class's
 * variant when whole classes were dealt). Idempotent: a student already dealt keeps their variant.
 */
export async function dealLateJoiner(ctx: AppContext, organizationId: string, classId: string, userId: string) {
  const running = (await repo.runningExperiments(ctx.database.db, organizationId)).filter((e) =>
    (JSON.parse(e.class_ids) as string[]).includes(classId),
  );
  for (const e of running) {
    for (let tries = 0; tries < 5; tries++) {
      try {
        const dealt = await ctx.database.db.transaction().execute(async (trx) => {
          if (await repo.findParticipant(trx, e.id, userId)) return true;
          const variants = await repo.variantsOf(trx, organizationId, [e.id]);
          const position = await repo.nextPosition(trx, e.id, classId);
          const classIds = JSON.parse(e.class_ids) as string[];
          const k =
            e.unit === "class"
              ? dealClasses(e.seed, classIds, variants.length).get(classId)!
              : variantAt(e.seed, classId, position, variants.length);
          await repo.insertParticipants(trx, [
            {
              experiment_id: e.id,
              user_id: userId,
              organization_id: organizationId,
              class_id: classId,
              variant_id: variants[k]!.id,
              position,
              late: 1,
              dealt_at: nowIso(),
            },
          ]);
          return true;
        });
        if (dealt) break;
      } catch (err) {
        // Another joiner took the same position (unique index): deal again with the next one.
        if (tries === 4) throw err;
      }
    }
  }
}
