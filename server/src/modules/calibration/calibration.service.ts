/**
 * The class calibration (methodology.md §3): every first attempt of the class's students, each item scored 1 for
 * full marks and 0 otherwise (blanks 0; pending essays and items worth nothing left out), calibrated by the
 * domain's CML + WLE. Items are per exercise version: a rewritten item is another item. The worker computes it
 * (calibration.jobs.ts); a page only reads the stored result, so it never waits for the estimation.
 */
import { calibrateRasch, type Exercise, RaschError, type RaschResponse, warmAbility } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { findPinnedVersion } from "../assignments/versions.ts";
import * as insightRepo from "../insight/insight.repository.ts";
import * as repo from "./calibration.repository.ts";

export interface CalibrationItem {
  exerciseId: string;
  version: number;
  /** Internal key for the progress scale: the pinned version's id. */
  exerciseVersionId: string;
  item: string;
  skill?: string;
  difficulty: number | null;
  se: number | null;
  infit: number | null;
  outfit: number | null;
  extreme: boolean;
  unlinked: boolean;
  answered: number;
  right: number;
}

export interface CalibrationBody {
  n: number;
  method: "cml";
  computedAt: string | null;
  /** Said in words when the data could not be calibrated (no common items…); null otherwise. */
  problem: string | null;
  items: CalibrationItem[];
  students: { student: { id: string; name: string }; ability: number | null; se: number | null; answered: number }[];
}

const itemKey = (versionId: string, itemId: string) => `${versionId}\u0000${itemId}`;

/** 1 for full marks, 0 otherwise; null when the response does not count (pending, or worth nothing). */
function dichotomous(row: { status: string; score: number; max_score: number }): 0 | 1 | null {
  const max = Number(row.max_score);
  if (row.status === "pending" || !(max > 0)) return null;
  return Number(row.score) >= max ? 1 : 0;
}

/** Skills of each item of the given versions: the item's own, else its exercise's (content-model.md). */
export async function versionSkills(ctx: AppContext, organizationId: string, versionIds: Iterable<string>) {
  const skills = new Map<string, string[]>();
  for (const versionId of new Set(versionIds)) {
    const ex: Exercise | undefined = await findPinnedVersion(ctx.database.read, organizationId, versionId);
    for (const it of ex?.items ?? []) {
      const own = (it as { skills?: string[] }).skills;
      skills.set(itemKey(versionId, it.id ?? ""), own?.length ? own : [...(ex?.skills ?? [])]);
    }
  }
  return skills;
}

export async function recomputeClass(ctx: AppContext, organizationId: string, classId: string): Promise<void> {
  const db = ctx.database.db;
  if (!(await insightRepo.findClass(db, organizationId, classId))) return;
  const rows = await repo.classFirstAttempts(db, organizationId, classId);
  const names = new Map((await repo.studentNames(db, organizationId, classId)).map((u) => [u.id, u.name]));
  const skills = await versionSkills(
    ctx,
    organizationId,
    rows.map((r) => r.exercise_version_id),
  );
  const itemIndex = new Map<string, number>();
  const items: CalibrationItem[] = [];
  const studentIndex = new Map<string, number>();
  const matrix: RaschResponse[][] = [];
  for (const r of rows) {
    const x = dichotomous(r);
    if (x === null) continue;
    const key = itemKey(r.exercise_version_id, r.item_id);
    let i = itemIndex.get(key);
    if (i === undefined) {
      i = items.length;
      itemIndex.set(key, i);
      const skill = skills.get(key)?.[0];
      items.push({
        exerciseId: r.exercise_id,
        version: Number(r.exercise_version),
        exerciseVersionId: r.exercise_version_id,
        item: r.item_id,
        ...(skill ? { skill } : {}),
        difficulty: null,
        se: null,
        infit: null,
        outfit: null,
        extreme: false,
        unlinked: false,
        answered: 0,
        right: 0,
      });
    }
    let s = studentIndex.get(r.user_id);
    if (s === undefined) {
      s = matrix.length;
      studentIndex.set(r.user_id, s);
      matrix.push([]);
    }
    matrix[s]![i] = x;
  }
  let problem: string | null = null;
  let fit: ReturnType<typeof calibrateRasch> | null = null;
  try {
    fit = calibrateRasch(matrix, items.length);
  } catch (err) {
    if (!(err instanceof RaschError)) throw err;
    problem = err.message;
  }
  const ids = [...studentIndex.keys()];
  const body: CalibrationBody = {
    n: fit?.estimatedStudents ?? 0,
    method: "cml",
    computedAt: nowIso(),
    problem,
    items: items.map((it, i) => {
      const f = fit?.items[i];
      return f
        ? {
            ...it,
            difficulty: f.difficulty,
            se: f.se,
            infit: f.infit,
            outfit: f.outfit,
            extreme: f.extreme,
            unlinked: f.unlinked,
            answered: f.answered,
            right: f.right,
          }
        : it;
    }),
    students: ids.map((id, s) => ({
      student: { id, name: names.get(id) ?? "" },
      ability: fit?.students[s]?.ability ?? null,
      se: fit?.students[s]?.se ?? null,
      answered: fit?.students[s]?.answered ?? 0,
    })),
  };
  await repo.saveCalibration(db, {
    organizationId,
    classId,
    computedAt: body.computedAt!,
    body: JSON.stringify(body),
  });
}

/** The stored calibration; before the first one, an empty answer that says so (the worker is asked for one). */
export async function getCalibration(
  ctx: AppContext,
  organizationId: string,
  classId: string,
  requestRecompute: () => Promise<void>,
): Promise<CalibrationBody> {
  const read = ctx.database.read;
  if (!(await insightRepo.findClass(read, organizationId, classId))) throw notFound("class");
  const row = await repo.findCalibration(read, organizationId, classId);
  if (row) return JSON.parse(row.body) as CalibrationBody;
  await requestRecompute();
  return { n: 0, method: "cml", computedAt: null, problem: null, items: [], students: [] };
}

export interface ScalePoint {
  skill: string;
  at: string;
  ability: number;
  se: number;
}

/**
 * The student's WLE per skill for each first attempt (its date), on the difficulties of that attempt's class
 * calibration: only calibrated items count, so an easier exercise moves the estimate only as far as the student's
 * answers on it justify.
 */
export async function studentScale(ctx: AppContext, organizationId: string, userId: string): Promise<ScalePoint[]> {
  const read = ctx.database.read;
  const rows = await repo.studentFirstAttempts(read, organizationId, userId);
  const classIds = [...new Set(rows.map((r) => r.class_id))];
  const difficulty = new Map<string, Map<string, { b: number; skill?: string }>>();
  for (const c of await repo.findCalibrations(read, organizationId, classIds)) {
    const body = JSON.parse(c.body) as CalibrationBody;
    difficulty.set(
      c.class_id,
      new Map(
        body.items
          .filter((it) => it.difficulty !== null)
          .map((it) => [itemKey(it.exerciseVersionId, it.item), { b: it.difficulty!, skill: it.skill }]),
      ),
    );
  }
  const byAttempt = new Map<string, { at: string; perSkill: Map<string, { b: number[]; right: number }> }>();
  for (const r of rows) {
    const x = dichotomous(r);
    const d = difficulty.get(r.class_id)?.get(itemKey(r.exercise_version_id, r.item_id));
    if (x === null || !d?.skill || !r.submitted_at) continue;
    let a = byAttempt.get(r.attempt_id);
    if (!a) {
      a = { at: r.submitted_at, perSkill: new Map() };
      byAttempt.set(r.attempt_id, a);
    }
    let s = a.perSkill.get(d.skill);
    if (!s) {
      s = { b: [], right: 0 };
      a.perSkill.set(d.skill, s);
    }
    s.b.push(d.b);
    s.right += x;
  }
  const points: ScalePoint[] = [];
  for (const a of byAttempt.values())
    for (const [skill, s] of a.perSkill) {
      const est = warmAbility(s.b, s.right);
      if (est) points.push({ skill, at: a.at, ability: est.ability, se: est.se });
    }
  return points.sort((p, q) => p.skill.localeCompare(q.skill) || p.at.localeCompare(q.at));
}
