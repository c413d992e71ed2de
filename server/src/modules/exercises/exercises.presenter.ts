import type { Exercise, ExerciseDto, ExerciseSummaryDto, ExerciseVersionDto } from "@languagecloud/domain";
import type { ExercisesTable, ExerciseVersionsTable } from "../../db/tables/content.tables.ts";

export function presentExercise(row: ExercisesTable): ExerciseDto {
  const draft = JSON.parse(row.draft) as Exercise;
  return {
    ...draft,
    id: row.id,
    status: row.status,
    latestVersion: row.latest_version === null ? null : Number(row.latest_version),
    hasUnpublishedChanges: Number(row.dirty) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentSummary(
  row: Pick<ExercisesTable, "id" | "title" | "level" | "status" | "latest_version" | "item_count" | "updated_at">,
  labels: { kind: string; value: string }[],
): ExerciseSummaryDto {
  return {
    id: row.id,
    title: row.title,
    level: row.level,
    skills: labels.filter((l) => l.kind === "skill").map((l) => l.value),
    tags: labels.filter((l) => l.kind === "tag").map((l) => l.value),
    status: row.status,
    latestVersion: row.latest_version === null ? null : Number(row.latest_version),
    itemCount: Number(row.item_count),
    updatedAt: row.updated_at,
  };
}

export function presentVersion(row: ExerciseVersionsTable): ExerciseVersionDto {
  return {
    id: row.id,
    exerciseId: row.exercise_id,
    version: Number(row.version),
    content: JSON.parse(row.content) as Exercise,
    publishedAt: row.published_at,
    // An API key has no person behind it; the DTO keeps a string for the web app's sake.
    publishedBy: row.published_by ?? "",
  };
}
