/**
 * Error patterns of a class or an assignment (statistics.md, "Beyond item analysis"): counts by category with
 * examples and the items they come from, per student and over time. SQL keeps only the responses with errors;
 * each error found by grading is one occurrence (the parts carry expected/actual; `error_categories` is the
 * fallback for rows whose parts do not).
 *
 * Patterns that teach (grading.md, "Refinements": `blank` is not a mistake): unanswered parts are counted apart,
 * per item and gap with who left them; each mistake names the items it comes from by their prompt, the students
 * who made it, and the skills of those items, so that the page can link to library exercises to practise.
 */
import {
  type ErrorOccurrence,
  errorPatterns,
  errorPatternsOverTime,
  type Item,
  type Period,
} from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { findPinnedVersion } from "../assignments/versions.ts";
import { shortPrompt } from "../review/answer-text.ts";
import * as repo from "./insight.repository.ts";
import { parseCategories } from "./statistics.recompute.ts";
import * as statsRepo from "./statistics.repository.ts";

export interface PatternsQuery {
  studentId?: string;
  from?: string;
  to?: string;
  period: Period;
  examples: number;
}

interface PartError {
  category?: unknown;
  expected?: unknown;
  actual?: unknown;
  /** The part the error was found in (a gap's id for gap fills). */
  part?: string;
}

/** The errors of one response's parts; [] when the parts cannot be read. */
function partErrors(parts: string): PartError[] {
  try {
    const list = JSON.parse(parts) as unknown;
    if (!Array.isArray(list)) return [];
    const out: PartError[] = [];
    for (const p of list as { id?: unknown; errors?: unknown; category?: unknown }[]) {
      const part = typeof p?.id === "string" ? p.id : undefined;
      if (Array.isArray(p?.errors)) for (const e of p.errors as PartError[]) out.push({ ...e, part });
      else if (typeof p?.category === "string") out.push({ ...(p as PartError), part });
    }
    return out.filter((e) => typeof e?.category === "string");
  } catch {
    return [];
  }
}

/** The place of an item across assignments: item ids repeat between exercises. */
const placeKey = (assignmentId: string, item: string) => `${assignmentId}\u0000${item}`;

interface Person {
  userId: string;
  name: string;
  count: number;
}

/** Counts per person, most first (ties by name). */
function people(counts: Map<string, number>, names: Map<string, string>): Person[] {
  return [...counts]
    .map(([userId, count]) => ({ userId, name: names.get(userId) ?? "", count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

const text = (v: unknown) => (typeof v === "string" ? v : undefined);
/** Dates from the query string as stored timestamps (ISO UTC), so the range compares as text on every engine. */
const iso = (v: string | undefined) => (v === undefined ? undefined : new Date(Date.parse(v)).toISOString());

export async function getPatterns(
  ctx: AppContext,
  orgId: string,
  scope: { classId?: string; assignmentId?: string },
  q: PatternsQuery,
) {
  const read = ctx.database.read;
  if (scope.classId && !(await repo.findClass(read, orgId, scope.classId))) throw notFound("class");
  if (scope.assignmentId && !(await statsRepo.findAssignment(read, orgId, scope.assignmentId))) {
    throw notFound("assignment");
  }
  const rows = await repo.errorRows(read, orgId, {
    ...scope,
    studentId: q.studentId,
    from: iso(q.from),
    to: iso(q.to),
  });
  const occurrences: ErrorOccurrence[] = [];
  const names = new Map<string, string>();
  // Where each mistake comes from and who made it, by category; blanks apart, by item and gap.
  const sources = new Map<string, { places: Map<string, number>; who: Map<string, number> }>();
  const blanks = new Map<
    string,
    { assignmentId: string; item: string; part: string | null; who: Map<string, number> }
  >();
  const versionOf = new Map<string, string>();
  for (const r of rows) {
    names.set(r.user_id, r.user_name);
    versionOf.set(r.assignment_id, r.exercise_version_id);
    const base = { item: r.item_id, student: r.user_id, at: r.submitted_at ?? undefined };
    const found: PartError[] = partErrors(r.parts);
    const errors: PartError[] = found.length
      ? found
      : parseCategories(r.error_categories).map((category) => ({ category }));
    for (const e of errors) {
      const category = e.category as string;
      if (category === "blank") {
        // A gap of a gap fill is its own place to leave empty; any other item is blank as a whole.
        const part = r.item_type === "gap_fill" && e.part ? e.part : null;
        const key = `${placeKey(r.assignment_id, r.item_id)}\u0000${part ?? ""}`;
        const b = blanks.get(key) ?? { assignmentId: r.assignment_id, item: r.item_id, part, who: new Map() };
        bump(b.who, r.user_id);
        blanks.set(key, b);
        continue;
      }
      occurrences.push({ ...base, category, expected: text(e.expected), actual: text(e.actual) });
      const src = sources.get(category) ?? { places: new Map(), who: new Map() };
      bump(src.places, placeKey(r.assignment_id, r.item_id));
      bump(src.who, r.user_id);
      sources.set(category, src);
    }
  }
  const itemsByPlace = await placeItems(ctx, orgId, versionOf);
  const place = (key: string, count: number) => {
    const [assignmentId, item] = key.split("\u0000") as [string, string];
    const it = itemsByPlace.get(key);
    return { assignmentId, item, name: it ? shortPrompt(it.item) : item, count, skills: it?.skills ?? [] };
  };
  const byStudent = new Map<string, { total: number; counts: Record<string, number> }>();
  for (const o of occurrences) {
    const s = byStudent.get(o.student!) ?? { total: 0, counts: {} };
    s.total++;
    s.counts[o.category] = (s.counts[o.category] ?? 0) + 1;
    byStudent.set(o.student!, s);
  }
  const categories = errorPatterns(occurrences, { examples: q.examples }).map((c) => {
    const src = sources.get(c.category);
    const places = [...(src?.places ?? [])]
      .map(([key, count]) => place(key, count))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
    return {
      ...c,
      places: places.map(({ skills: _skills, ...p }) => p),
      who: people(src?.who ?? new Map(), names),
      skills: [...new Set(places.flatMap((p) => p.skills))].sort(),
    };
  });
  const blankParts = [...blanks.values()]
    .map((b) => {
      const who = people(b.who, names);
      const { skills: _skills, ...at } = place(placeKey(b.assignmentId, b.item), 0);
      return { ...at, part: b.part, count: who.reduce((n, p) => n + p.count, 0), who };
    })
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  return {
    ...scope,
    studentId: q.studentId ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    period: q.period,
    total: occurrences.length,
    responses: rows.length,
    categories,
    blanks: { count: blankParts.reduce((n, b) => n + b.count, 0), parts: blankParts },
    students: [...byStudent]
      .map(([userId, s]) => ({ userId, name: names.get(userId) ?? "", total: s.total, counts: s.counts }))
      .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1)),
    overTime: errorPatternsOverTime(occurrences, q.period),
  };
}

/** The items of each (assignment, item) place with their skills (the item's own, else the exercise's). */
async function placeItems(ctx: AppContext, orgId: string, versionOf: Map<string, string>) {
  const out = new Map<string, { item: Item; skills: string[] }>();
  for (const [assignmentId, versionId] of versionOf) {
    const ex = await findPinnedVersion(ctx.database.read, orgId, versionId);
    for (const it of ex?.items ?? []) {
      if (!it.id) continue;
      const own = it.skills ?? [];
      out.set(placeKey(assignmentId, it.id), { item: it, skills: own.length ? [...own] : [...(ex?.skills ?? [])] });
    }
  }
  return out;
}
