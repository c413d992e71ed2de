/**
 * The class dashboard: completion and average per assignment, late and missing work, students at risk and the items
 * to review. Cached whole (Redis when configured, else the in-process LRU) and invalidated by the events that
 * change it (insight.jobs.ts), so a cached read costs one cache lookup.
 */
import type { ItemFlag } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { shortPrompt } from "../review/answer-text.ts";
import * as repo from "./insight.repository.ts";
import type { Snapshot } from "./statistics.recompute.ts";
import { assignmentItems } from "./statistics.shared.ts";

/** Events invalidate the entry; the TTL only bounds what a missed event could leave behind. */
const DASHBOARD_TTL_SECONDS = 600;
/** A student is at risk after this many assignments past their due date without a submission. */
export const MISSED_LIMIT = 2;
/** …or when the score share fell at each of their last RISK_TREND attempts, by at least RISK_DROP in all. */
export const RISK_TREND = 3;
export const RISK_DROP = 0.1;

export function dashboardCacheKey(orgId: string, classId: string): string {
  return `dashboard:${orgId}:${classId}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The dashboard as JSON text. A hit is the cached text sent as it is: parsing it and serializing it again cost
 * more than everything else the request does. `cache` (hit or miss) is the last field.
 */
export async function getDashboardJson(ctx: AppContext, orgId: string, classId: string): Promise<string> {
  const key = dashboardCacheKey(orgId, classId);
  const hit = await ctx.cache.getText(key);
  if (hit) return withCacheField(hit, "hit");
  const json = JSON.stringify(await buildDashboard(ctx, orgId, classId));
  await ctx.cache.setText(key, json, DASHBOARD_TTL_SECONDS);
  return withCacheField(json, "miss");
}

function withCacheField(json: string, cache: "hit" | "miss"): string {
  // The cached text is a JSON object written by this module ("{…}" with at least one field).
  return `${json.slice(0, -1)},"cache":"${cache}"}`;
}

export async function invalidateDashboard(ctx: AppContext, orgId: string, classId: string): Promise<void> {
  await ctx.cache.del(dashboardCacheKey(orgId, classId));
}

async function buildDashboard(ctx: AppContext, orgId: string, classId: string) {
  const read = ctx.database.read;
  const cls = await repo.findClass(read, orgId, classId);
  if (!cls) throw notFound("class");
  const [students, assignments, submissions, trend] = await Promise.all([
    repo.classStudents(read, orgId, classId),
    repo.classAssignments(read, orgId, classId),
    repo.classSubmissions(read, orgId, classId),
    repo.classAttemptScores(read, orgId, classId),
  ]);
  const now = new Date().toISOString();
  const enrolled = new Set(students.map((s) => s.id));
  const nameOf = new Map(students.map((s) => [s.id, s.name]));
  const done = new Map<string, Map<string, (typeof submissions)[number]>>();
  for (const s of submissions) {
    const m = done.get(s.assignment_id) ?? new Map();
    m.set(s.user_id, s);
    done.set(s.assignment_id, m);
  }

  const late: { assignmentId: string; userId: string; name: string; submittedAt: string | null }[] = [];
  const missing: { assignmentId: string; userId: string; name: string; dueAt: string }[] = [];
  const missedBy = new Map<string, string[]>();
  const perAssignment = assignments.map((a) => {
    const subs = done.get(a.id) ?? new Map();
    let shareSum = 0;
    let shareN = 0;
    let submitted = 0;
    for (const [userId, s] of subs) {
      if (!enrolled.has(userId)) continue;
      submitted++;
      if (s.best_score !== null && Number(s.max_score) > 0) {
        shareSum += Number(s.best_score) / Number(s.max_score);
        shareN++;
      }
      if (Number(s.late) > 0)
        late.push({ assignmentId: a.id, userId, name: nameOf.get(userId) ?? "", submittedAt: s.first_submitted_at });
    }
    const overdue = a.due_at !== null && a.due_at < now;
    if (overdue) {
      for (const st of students) {
        if (subs.has(st.id)) continue;
        missing.push({ assignmentId: a.id, userId: st.id, name: st.name, dueAt: a.due_at! });
        missedBy.set(st.id, [...(missedBy.get(st.id) ?? []), a.title]);
      }
    }
    return {
      assignmentId: a.id,
      title: a.title,
      dueAt: a.due_at,
      overdue,
      students: students.length,
      submitted,
      completion: students.length ? submitted / students.length : null,
      averageScore: shareN ? shareSum / shareN : null,
    };
  });

  const shares = new Map<string, number[]>();
  for (const t of trend) {
    if (!enrolled.has(t.user_id) || t.score === null || !(Number(t.max_score) > 0)) continue;
    shares.set(t.user_id, [...(shares.get(t.user_id) ?? []), Number(t.score) / Number(t.max_score)]);
  }
  const atRisk = [];
  for (const st of students) {
    const reasons: string[] = [];
    const rules: string[] = [];
    const last = (shares.get(st.id) ?? []).slice(-RISK_TREND);
    const falling =
      last.length === RISK_TREND &&
      last.every((x, k) => k === 0 || x < last[k - 1]!) &&
      last[0]! - last.at(-1)! >= RISK_DROP;
    if (falling) {
      rules.push("falling_scores");
      reasons.push(`scores fell over the last ${RISK_TREND} attempts: ${last.map(pct).join(" → ")}`);
    }
    const missed = missedBy.get(st.id) ?? [];
    if (missed.length >= MISSED_LIMIT) {
      rules.push("missed_work");
      reasons.push(`${missed.length} assignments past their due date without a submission: ${missed.join(", ")}`);
    }
    if (rules.length)
      atRisk.push({ userId: st.id, name: st.name, rules, reason: reasons.join("; "), recentScores: last });
  }

  const titleOf = new Map(assignments.map((a) => [a.id, a.title]));
  const snaps = await repo.snapshotsOf(
    read,
    orgId,
    assignments.map((a) => a.id),
    "first",
  );
  const versionOf = new Map(assignments.map((a) => [a.id, a.exercise_version_id]));
  const itemsToReview: {
    assignmentId: string;
    assignmentTitle: string;
    item: string;
    /** The item's shortened prompt: the dashboard names questions as the statistics page does. */
    name: string;
    flags: ItemFlag[];
    facility: number | null;
    discriminationIndex: number | null;
  }[] = [];
  for (const s of snaps) {
    const analysis = JSON.parse(s.analysis) as Snapshot;
    if (!analysis.items.some((it) => it.flags.length)) continue;
    const versionId = versionOf.get(s.assignment_id);
    const pinned = versionId
      ? await assignmentItems(ctx, { organization_id: orgId, exercise_version_id: versionId }, read)
      : [];
    const itemOf = new Map(pinned.map((p) => [p.id, p.item]));
    for (const it of analysis.items) {
      if (!it.flags.length) continue;
      const item = itemOf.get(it.item);
      itemsToReview.push({
        assignmentId: s.assignment_id,
        assignmentTitle: titleOf.get(s.assignment_id) ?? "",
        item: it.item,
        name: item ? shortPrompt(item) : it.item,
        flags: it.flags,
        facility: it.facility,
        discriminationIndex: it.discriminationIndex,
      });
    }
  }

  return {
    classId,
    name: cls.name,
    computedAt: now,
    students: students.length,
    assignments: perAssignment,
    late,
    missing,
    atRisk,
    atRiskRule:
      `a student is at risk when their score share fell at each of their last ${RISK_TREND} attempts (by ` +
      `${pct(RISK_DROP)} or more in all), or when ${MISSED_LIMIT} or more assignments are past their due date ` +
      "without a submission",
    itemsToReview,
  };
}
