/** SQL of "What to reteach": the class's graded answers, and library exercises not yet assigned to it. */
import type { Executor } from "../../db/types.ts";

export async function classAnswers(db: Executor, organizationId: string, classId: string) {
  return db
    .selectFrom("responses as r")
    .innerJoin("attempts as a", "a.id", "r.attempt_id")
    .innerJoin("assignments as g", "g.id", "a.assignment_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select([
      "r.user_id",
      "u.name as user_name",
      "a.submitted_at",
      "r.item_id",
      "r.error_categories",
      "r.normalized_text",
      "g.exercise_id",
      "g.exercise_version",
      "g.exercise_version_id",
    ])
    .where("r.organization_id", "=", organizationId)
    .where("a.organization_id", "=", organizationId)
    .where("a.class_id", "=", classId)
    .where("a.status", "=", "submitted")
    .where("r.status", "<>", "pending")
    .where("r.max_score", ">", 0)
    .execute();
}

/** Published exercises labelled with the skill (or tagged with the category) that the class was never assigned. */
export async function suggestions(
  db: Executor,
  organizationId: string,
  classId: string,
  labels: { kind: "skill" | "tag"; value: string }[],
  limit: number,
) {
  if (!labels.length) return [];
  return db
    .selectFrom("exercises as e")
    .innerJoin("exercise_labels as l", (j) =>
      j.onRef("l.exercise_id", "=", "e.id").onRef("l.organization_id", "=", "e.organization_id"),
    )
    .select(["e.id", "e.title", "e.level", "l.kind", "l.value"])
    .where("e.organization_id", "=", organizationId)
    .where("e.status", "=", "published")
    .where((eb) => eb.or(labels.map((l) => eb.and([eb("l.kind", "=", l.kind), eb("l.value", "=", l.value)]))))
    .where("e.id", "not in", (eb) =>
      eb
        .selectFrom("assignments")
        .select("exercise_id")
        .where("organization_id", "=", organizationId)
        .where("class_id", "=", classId),
    )
    .orderBy("e.updated_at", "desc")
    .limit(limit)
    .execute();
}
