import type { ImportDto } from "@languagecloud/domain";
import type { ImportsTable } from "../../db/tables/content.tables.ts";

export function presentImport(
  row: Pick<
    ImportsTable,
    | "id"
    | "format"
    | "filename"
    | "status"
    | "progress"
    | "exercise_ids"
    | "errors"
    | "warnings"
    | "created_at"
    | "finished_at"
  >,
): ImportDto {
  return {
    id: row.id,
    format: row.format,
    filename: row.filename,
    status: row.status,
    progress: Number(row.progress),
    exerciseIds: JSON.parse(row.exercise_ids) as string[],
    errors: JSON.parse(row.errors) as ImportDto["errors"],
    warnings: row.warnings ? (JSON.parse(row.warnings) as ImportDto["warnings"]) : [],
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
