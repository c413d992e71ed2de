/**
 * A student's progress: the score share per skill, level and tag over time. Skills and level come from the pinned
 * exercise version; tags are the exercise's plus the item's own (content-model.md). The answer also names the
 * student (`student: {id, name}`), so a teacher's page can say whose progress it shows.
 */
import { type Period, type ProgressRecord, progress } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import type { Membership } from "../../plugins/access.ts";
import { findPinnedVersion } from "../assignments/versions.ts";
import { studentScale } from "../calibration/calibration.service.ts";
import * as repo from "./insight.repository.ts";

/**
 * The student themself (any role), or the staff of the organization. Anyone else — another student, or a user who
 * is not a member — gets 404, never a hint that the student exists.
 */
export async function getProgress(
  ctx: AppContext,
  caller: Membership & { userId: string | null },
  studentId: string,
  q: { from?: string; to?: string; period: Period },
) {
  const read = ctx.database.read;
  const self = caller.userId !== null && caller.userId === studentId;
  if (!self && caller.role === "student") throw notFound("student");
  const member = await repo.findMember(read, caller.organizationId, studentId);
  if (!member) throw notFound("student");
  const iso = (v?: string) => (v === undefined ? undefined : new Date(Date.parse(v)).toISOString());
  const rows = await repo.progressRows(read, caller.organizationId, studentId, { from: iso(q.from), to: iso(q.to) });

  // One read per distinct version (a student meets a handful), not one per row.
  const versions = new Map<
    string,
    {
      skills: string[];
      level: string | null;
      tags: string[];
      itemTags: Map<string, string[]>;
      itemSkills: Map<string, string[]>;
    }
  >();
  for (const versionId of new Set(rows.map((r) => r.exercise_version_id))) {
    const ex = await findPinnedVersion(read, caller.organizationId, versionId);
    const tags = (ex?.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean);
    versions.set(versionId, {
      skills: [...(ex?.skills ?? [])],
      level: ex?.level ?? null,
      tags,
      itemTags: new Map(
        (ex?.items ?? []).map((it) => [
          it.id ?? "",
          (it.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean),
        ]),
      ),
      // An item's own skills replace the exercise's for its points (content-model.md): a vocabulary question in a
      // grammar exercise counts for vocabulary only.
      itemSkills: new Map(
        (ex?.items ?? []).filter((it) => it.skills?.length).map((it) => [it.id ?? "", [...(it.skills ?? [])]]),
      ),
    });
  }
  const records: ProgressRecord[] = [];
  for (const r of rows) {
    if (!r.submitted_at || !(Number(r.max_score) > 0)) continue;
    const v = versions.get(r.exercise_version_id);
    records.push({
      at: r.submitted_at,
      score: Number(r.score),
      maxScore: Number(r.max_score),
      skills: v ? (v.itemSkills.get(r.item_id) ?? v.skills) : undefined,
      level: v?.level,
      tags: v ? [...new Set([...v.tags, ...(v.itemTags.get(r.item_id) ?? [])])] : [],
    });
  }
  return {
    userId: studentId,
    student: { id: member.id, name: member.name },
    period: q.period,
    responses: records.length,
    ...progress(records, { period: q.period }),
    // Growth on the calibrated scale (methodology.md §3), beside the raw shares.
    scale: await studentScale(ctx, caller.organizationId, studentId),
  };
}
