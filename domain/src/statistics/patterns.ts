/** Error patterns and progress over time (statistics.md, "Beyond item analysis"): counting, nothing more. */
import { timeOf } from "./select.ts";

export type Period = "day" | "week" | "month";

/**
 * The period a moment falls in, in UTC so that every server agrees: `2024-03-05`, ISO week `2024-W10`, `2024-03`.
 * Null for a date that cannot be read.
 */
export function periodKey(at: string | number | Date, period: Period): string | null {
  const ms = timeOf(at);
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const ymd = d.toISOString().slice(0, 10);
  if (period === "day") return ymd;
  if (period === "month") return ymd.slice(0, 7);
  // ISO 8601: the week belongs to the year of its Thursday.
  const thursday = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)),
  );
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** One error found by grading in one part of one response (grading.md, "Error categories"). */
export interface ErrorOccurrence {
  category: string;
  item?: string;
  student?: string;
  attempt?: string;
  at?: string | number | Date;
  expected?: string;
  actual?: string;
}

export interface ErrorExample {
  expected?: string;
  actual?: string;
  /** How often this exact expected → actual pair occurred. */
  count: number;
  /** The first item it was seen in. */
  item?: string;
}

export interface ErrorPattern {
  category: string;
  count: number;
  /** Share of all occurrences. */
  share: number;
  /** Distinct students with this error (occurrences without a student are not counted). */
  students: number;
  /** The items it comes from, most frequent first. */
  items: { item: string; count: number }[];
  /** The most frequent distinct expected → actual pairs. */
  examples: ErrorExample[];
}

/** Counts by category, most frequent first (ties: alphabetical), each with up to `examples` examples. */
export function errorPatterns(
  occurrences: readonly ErrorOccurrence[],
  options: { examples?: number } = {},
): ErrorPattern[] {
  const max = options.examples ?? 3;
  const byCat = new Map<
    string,
    { count: number; students: Set<string>; items: Map<string, number>; ex: Map<string, ErrorExample> }
  >();
  for (const o of occurrences) {
    let g = byCat.get(o.category);
    if (!g) {
      g = { count: 0, students: new Set(), items: new Map(), ex: new Map() };
      byCat.set(o.category, g);
    }
    g.count++;
    if (o.student !== undefined) g.students.add(o.student);
    if (o.item !== undefined) g.items.set(o.item, (g.items.get(o.item) ?? 0) + 1);
    if (o.expected !== undefined || o.actual !== undefined) {
      const key = JSON.stringify([o.expected ?? null, o.actual ?? null]);
      const e = g.ex.get(key);
      if (e) e.count++;
      else g.ex.set(key, dropUndefined({ expected: o.expected, actual: o.actual, count: 1, item: o.item }));
    }
  }
  const total = occurrences.length;
  return [...byCat]
    .map(([category, g]) => ({
      category,
      count: g.count,
      share: g.count / total,
      students: g.students.size,
      items: [...g.items].sort(byCountThenKey).map(([item, count]) => ({ item, count })),
      // A stable sort keeps first-seen order among equally frequent examples.
      examples: [...g.ex.values()].sort((a, b) => b.count - a.count).slice(0, max),
    }))
    .sort((a, b) => b.count - a.count || compare(a.category, b.category));
}

/** Counts by category per period, periods ascending; occurrences without a readable date are left out. */
export function errorPatternsOverTime(
  occurrences: readonly ErrorOccurrence[],
  period: Period,
): { period: string; counts: Record<string, number> }[] {
  const byPeriod = new Map<string, Record<string, number>>();
  for (const o of occurrences) {
    const key = o.at === undefined ? null : periodKey(o.at, period);
    if (key === null) continue;
    const counts = byPeriod.get(key) ?? {};
    counts[o.category] = (counts[o.category] ?? 0) + 1;
    byPeriod.set(key, counts);
  }
  return [...byPeriod].sort((a, b) => compare(a[0], b[0])).map(([p, counts]) => ({ period: p, counts }));
}

/** A scored piece of work (an item result or a whole attempt) with what it practises. */
export interface ProgressRecord {
  at: string | number | Date;
  score: number;
  maxScore: number;
  skills?: readonly string[];
  level?: string | null;
  tags?: readonly string[];
}

export interface ProgressPoint {
  period: string;
  score: number;
  maxScore: number;
  /** Σ score / Σ maxScore: points-weighted, so a 10-point essay counts more than a 1-point gap. */
  share: number | null;
  count: number;
}

export interface ProgressSeries {
  key: string;
  points: ProgressPoint[];
}

export interface Progress {
  overall: ProgressPoint[];
  skills: ProgressSeries[];
  levels: ProgressSeries[];
  tags: ProgressSeries[];
}

const LEVEL_ORDER = ["A1", "A2", "B1", "B2", "C1", "C2"];

/** Score share per skill, level and tag per period (periods ascending; levels in CEFR order, others alphabetical). */
export function progress(records: readonly ProgressRecord[], options: { period?: Period } = {}): Progress {
  const period = options.period ?? "week";
  const overall = new Map<string, ProgressPoint>();
  const skills = new Map<string, Map<string, ProgressPoint>>();
  const levels = new Map<string, Map<string, ProgressPoint>>();
  const tags = new Map<string, Map<string, ProgressPoint>>();
  const add = (into: Map<string, ProgressPoint>, p: string, r: ProgressRecord) => {
    const pt = into.get(p) ?? { period: p, score: 0, maxScore: 0, share: null, count: 0 };
    pt.score += r.score;
    pt.maxScore += r.maxScore;
    pt.count++;
    pt.share = pt.maxScore > 0 ? pt.score / pt.maxScore : null;
    into.set(p, pt);
  };
  const addKeyed = (into: Map<string, Map<string, ProgressPoint>>, key: string, p: string, r: ProgressRecord) => {
    const series = into.get(key) ?? new Map<string, ProgressPoint>();
    add(series, p, r);
    into.set(key, series);
  };
  for (const r of records) {
    const p = periodKey(r.at, period);
    if (p === null) continue;
    add(overall, p, r);
    for (const s of new Set(r.skills ?? [])) addKeyed(skills, s, p, r);
    if (r.level) addKeyed(levels, r.level, p, r);
    for (const t of new Set(r.tags ?? [])) addKeyed(tags, t, p, r);
  }
  const points = (m: Map<string, ProgressPoint>) => [...m.values()].sort((a, b) => compare(a.period, b.period));
  const series = (m: Map<string, Map<string, ProgressPoint>>, order: (a: string, b: string) => number) =>
    [...m.keys()].sort(order).map((key) => ({ key, points: points(m.get(key)!) }));
  const levelRank = (l: string) => (LEVEL_ORDER.includes(l) ? LEVEL_ORDER.indexOf(l) : LEVEL_ORDER.length);
  return {
    overall: points(overall),
    skills: series(skills, compare),
    levels: series(levels, (a, b) => levelRank(a) - levelRank(b) || compare(a, b)),
    tags: series(tags, compare),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byCountThenKey(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || compare(a[0], b[0]);
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
