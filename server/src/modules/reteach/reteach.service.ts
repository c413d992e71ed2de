/**
 * `GET /classes/{id}/reteach` (methodology.md §4): the domain's ranking of the class's mistakes, with library
 * exercises of the same skill or tag that the class has not been assigned yet.
 */
import { type ReteachAnswer, reteachList } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { versionSkills } from "../calibration/calibration.service.ts";
import * as insightRepo from "../insight/insight.repository.ts";
import { parseCategories } from "../insight/statistics.recompute.ts";
import * as repo from "./reteach.repository.ts";

const LIST = 10;
const SUGGESTIONS = 3;

export async function getReteach(ctx: AppContext, organizationId: string, classId: string) {
  const read = ctx.database.read;
  if (!(await insightRepo.findClass(read, organizationId, classId))) throw notFound("class");
  const rows = await repo.classAnswers(read, organizationId, classId);
  const skills = await versionSkills(
    ctx,
    organizationId,
    rows.map((r) => r.exercise_version_id),
  );
  const answers: ReteachAnswer[] = rows
    .filter((r) => r.submitted_at)
    .map((r) => ({
      student: r.user_id,
      studentName: r.user_name,
      at: Date.parse(r.submitted_at!),
      skill: skills.get(`${r.exercise_version_id}\u0000${r.item_id}`)?.[0] ?? null,
      categories: parseCategories(r.error_categories),
      text: r.normalized_text,
      item: { exerciseId: r.exercise_id, version: Number(r.exercise_version), item: r.item_id },
    }));
  const list = reteachList(answers, Date.now()).slice(0, LIST);
  const out = [];
  for (const entry of list) {
    const labels: { kind: "skill" | "tag"; value: string }[] = [{ kind: "tag", value: entry.category }];
    if (entry.skill) labels.push({ kind: "skill", value: entry.skill });
    const found = await repo.suggestions(read, organizationId, classId, labels, SUGGESTIONS * 2);
    const seen = new Set<string>();
    const suggestions = found
      .filter((e) => !seen.has(e.id) && seen.add(e.id))
      .slice(0, SUGGESTIONS)
      .map((e) => ({ exerciseId: e.id, title: e.title, level: e.level, because: `${e.kind}: ${e.value}` }));
    out.push({ ...entry, suggestions });
  }
  return { classId, items: out };
}
