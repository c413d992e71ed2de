/**
 * Format converters (content-model.md, "Converters"). Pure functions over strings, so the same code imports a
 * file in the browser, in the API and on the command line.
 */
import type { Exercise } from "../content/schema.ts";
import { readAiken } from "./aiken.ts";
import { readCsv } from "./csv.ts";
import { checkText, FormatError } from "./errors.ts";
import { readGift } from "./gift/reader.ts";
import { writeGift as toGiftText } from "./gift/writer.ts";
import { readJson, writeJson as writeJsonText } from "./json.ts";

export { parseAikenItems } from "./aiken.ts";
export { CSV_COLUMNS, parseCsvItems } from "./csv.ts";
export { FormatError, type FormatIssue, type ParsedItems, validateItems } from "./errors.ts";
export { parseGiftItems } from "./gift/reader.ts";
export { type SkippedItem, toGift, writeGift } from "./gift/writer.ts";
export { writeJson } from "./json.ts";

export const IMPORT_FORMATS = ["gift", "aiken", "csv", "json"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ["gift", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ReadOptions {
  /** Title of the exercise (GIFT, Aiken and CSV carry none; a JSON file's own title wins). */
  title?: string;
}

const DEFAULT_TITLE = "Imported exercise";

/**
 * Reads a whole file into one validated, normalized exercise, or throws a FormatError listing every problem
 * found with its line. Nothing is half-imported.
 */
export function readExercise(text: string, format: ImportFormat, options: ReadOptions = {}): Exercise {
  const binary = checkText(text);
  if (binary) throw new FormatError([binary]);
  const title = options.title?.trim() || DEFAULT_TITLE;
  switch (format) {
    case "gift":
      return readGift(text, title);
    case "aiken":
      return readAiken(text, title);
    case "csv":
      return readCsv(text, title);
    case "json":
      return readJson(text, title);
    default:
      throw new FormatError([
        { line: 1, message: `unknown format "${String(format)}": expected ${IMPORT_FORMATS.join(", ")}` },
      ]);
  }
}

/** Writes an exercise in an export format (GIFT lists the items it cannot express in a comment at the top). */
export function writeExercise(exercise: Exercise, format: ExportFormat): string {
  return format === "gift" ? toGiftText(exercise) : writeJsonText(exercise);
}
