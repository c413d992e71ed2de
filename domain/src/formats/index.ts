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
import { filesOf } from "./moodlexml/media.ts";
import { readMoodleXml } from "./moodlexml/reader.ts";
import { toMoodleXml } from "./moodlexml/writer.ts";
import type { ImportedMedia } from "./qti/item-reader.ts";
import { type ImportWarning, type PackageMediaMap, readQtiPackage } from "./qti/package-reader.ts";
import { child, elements, parseXml } from "./xml/tree.ts";

export { parseAikenItems } from "./aiken.ts";
export { CSV_COLUMNS, parseCsvItems } from "./csv.ts";
export { FormatError, type FormatIssue, type ParsedItems, validateItems } from "./errors.ts";
export { parseGiftItems } from "./gift/reader.ts";
export { type SkippedItem, toGift, writeGift } from "./gift/writer.ts";
export { writeJson } from "./json.ts";
export type { MoodleMediaLookup } from "./moodlexml/media.ts";
export { type MoodleWarning, toMoodleXml, writeMoodleXml } from "./moodlexml/writer.ts";
export type { ImportedMedia } from "./qti/item-reader.ts";
export type { QtiVersion } from "./qti/names.ts";
export type { ImportWarning } from "./qti/package-reader.ts";
export {
  type ExportWarning,
  type MediaLookup,
  type PackageFile,
  type WrittenPackage,
  writeQtiPackage,
} from "./qti/package-writer.ts";

export const IMPORT_FORMATS = ["gift", "aiken", "csv", "json", "qti", "moodlexml"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Text export formats; `qti3` and `qti21` are zip packages (writeQtiPackage, zipped by the caller). */
export const EXPORT_FORMATS = ["gift", "json", "qti3", "qti21", "moodlexml"] as const;
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
  return readExerciseReport(text, format, options).exercise;
}

/**
 * A QTI package reaches the reader as the JSON of its decoded XML files by path (`{"files": {path: text}}`) and
 * of the media files the caller stored (`"media": {path: {mediaId, kind}}`): the caller unzips (with its own
 * limits) and checks and stores the files, so this code stays free of I/O and runs anywhere. Other keys are the
 * caller's and ignored here.
 */
export function qtiSource(
  files: Record<string, string>,
  media: Record<string, ImportedMedia> = {},
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ ...extra, files, media });
}

const MEDIA_KINDS = new Set(["audio", "image", "video", "file"]);

function qtiFiles(text: string): { files: Map<string, string>; media: PackageMediaMap } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("<")) return { files: new Map([["item.xml", text]]), media: new Map() };
  try {
    const data = JSON.parse(text) as { files?: Record<string, unknown>; media?: Record<string, unknown> };
    if (data && typeof data.files === "object" && data.files) {
      const media: PackageMediaMap = new Map();
      for (const [path, m] of Object.entries(data.media ?? {})) {
        const ref = m as Partial<ImportedMedia> | null;
        if (ref && typeof ref.mediaId === "string" && MEDIA_KINDS.has(String(ref.kind)))
          media.set(path, { mediaId: ref.mediaId, kind: ref.kind as ImportedMedia["kind"] });
      }
      return {
        files: new Map(Object.entries(data.files).filter((e): e is [string, string] => typeof e[1] === "string")),
        media,
      };
    }
  } catch {
    // not a package
  }
  throw new FormatError([
    { line: 1, message: "expected a QTI content package (a zip with imsmanifest.xml) or a QTI item XML file" },
  ]);
}

/**
 * A Moodle XML file whose embedded files the caller stored reaches the reader as `{"moodlexml": xml, "media":
 * {"<question position>/<name>": {mediaId, kind}}}` (moodleSource); a bare file is the XML itself.
 */
export function moodleSource(
  xml: string,
  media: Record<string, ImportedMedia>,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ ...extra, moodlexml: xml, media });
}

function moodleEnvelope(text: string): { xml: string; media: Map<string, ImportedMedia> } {
  if (!text.trimStart().startsWith("{")) return { xml: text, media: new Map() };
  try {
    const data = JSON.parse(text) as { moodlexml?: unknown; media?: Record<string, unknown> };
    if (typeof data.moodlexml === "string") {
      const media = new Map<string, ImportedMedia>();
      for (const [key, m] of Object.entries(data.media ?? {})) {
        const ref = m as Partial<ImportedMedia> | null;
        if (ref && typeof ref.mediaId === "string" && MEDIA_KINDS.has(String(ref.kind)))
          media.set(key, { mediaId: ref.mediaId, kind: ref.kind as ImportedMedia["kind"] });
      }
      return { xml: data.moodlexml, media };
    }
  } catch {
    // not an envelope: read as XML, which reports it
  }
  return { xml: text, media: new Map() };
}

/** The files embedded in a Moodle XML file's question texts, for the caller to check and store (media.ts keys). */
export function moodleFiles(xml: string): { key: string; name: string; data: string }[] {
  try {
    const root = parseXml(xml);
    return elements(root, "question").flatMap((q, position) => filesOf(child(q, "questiontext"), position));
  } catch {
    return []; // the reader reports malformed XML with its line
  }
}

/** Like readExercise, with the lossy parts of the import in words (QTI and Moodle XML; other formats lose nothing). */
export function readExerciseReport(
  text: string,
  format: ImportFormat,
  options: ReadOptions = {},
): { exercise: Exercise; warnings: ImportWarning[] } {
  const title = options.title?.trim() || DEFAULT_TITLE;
  const binary = checkText(text);
  if (binary) throw new FormatError([binary]);
  if (format === "qti") {
    const { files, media } = qtiFiles(text);
    return readQtiPackage(files, title, media);
  }
  const plain = (exercise: Exercise) => ({ exercise, warnings: [] });
  switch (format) {
    case "gift":
      return plain(readGift(text, title));
    case "aiken":
      return plain(readAiken(text, title));
    case "csv":
      return plain(readCsv(text, title));
    case "json":
      return plain(readJson(text, title));
    case "moodlexml": {
      const { xml, media } = moodleEnvelope(text);
      return readMoodleXml(xml, title, media);
    }
    default:
      throw new FormatError([
        { line: 1, message: `unknown format "${String(format)}": expected ${IMPORT_FORMATS.join(", ")}` },
      ]);
  }
}

/** Writes an exercise in an export format (GIFT lists the items it cannot express in a comment at the top). */
export function writeExercise(exercise: Exercise, format: "gift" | "json" | "moodlexml"): string {
  if (format === "moodlexml") return toMoodleXml(exercise).text;
  return format === "gift" ? toGiftText(exercise) : writeJsonText(exercise);
}
