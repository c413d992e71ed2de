/**
 * Error patterns of a class or an assignment (statistics.md, "Beyond item analysis"): counts by category with
 * examples and the items they come from, per student and over time. SQL keeps only the responses with errors;
 * each error found by grading is one occurrence (the parts carry expected/actual; `error_categories` is the
 * fallback for rows whose parts do not).
 */
import { type ErrorOccurrence, errorPatterns, errorPatternsOverTime, type Period } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
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
}

/** The errors of one response's parts; [] when the parts cannot be read. */
function partErrors(parts: string): PartError[] {
  try {
    const list = JSON.parse(parts) as unknown;
    if (!Array.isArray(list)) return [];
    const out: PartError[] = [];
    for (const p of list as { errors?: unknown; category?: unknown }[]) {
      if (Array.isArray(p?.errors)) out.push(...(p.errors as PartError[]));
      else if (typeof p?.category === "string") out.push(p as PartError);
    }
    return out.filter((e) => typeof e?.category === "string");
  } catch {
    return [];
  }
}

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
  for (const r of rows) {
    names.set(r.user_id, r.user_name);
    const base = { item: r.item_id, student: r.user_id, at: r.submitted_at ?? undefined };
    const errors = partErrors(r.parts);
    if (errors.length) {
      for (const e of errors) {
        occurrences.push({
          ...base,
          category: e.category as string,
          expected: text(e.expected),
          actual: text(e.actual),
        });
      }
    } else for (const category of parseCategories(r.error_categories)) occurrences.push({ ...base, category });
  }
  const byStudent = new Map<string, { total: number; counts: Record<string, number> }>();
  for (const o of occurrences) {
    const s = byStudent.get(o.student!) ?? { total: 0, counts: {} };
    s.total++;
    s.counts[o.category] = (s.counts[o.category] ?? 0) + 1;
    byStudent.set(o.student!, s);
  }
  return {
    ...scope,
    studentId: q.studentId ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    period: q.period,
    total: occurrences.length,
    responses: rows.length,
    categories: errorPatterns(occurrences, { examples: q.examples }),
    students: [...byStudent]
      .map(([userId, s]) => ({ userId, name: names.get(userId) ?? "", total: s.total, counts: s.counts }))
      .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1)),
    overTime: errorPatternsOverTime(occurrences, q.period),
  };
}
