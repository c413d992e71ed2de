/**
 * Imports: a teacher uploads a GIFT, Aiken, CSV or JSON file; the answer (202) comes at once and the file is read
 * in the background by the job system (imports.jobs.ts → imports.runner.ts). All or nothing: either one exercise draft holding every item of the
 * file, or no exercise and the list of problems with their lines.
 */

import { type FormatIssue, type ImportFormat, moodleFiles, moodleSource, qtiSource } from "@languagecloud/domain";
import { checkText } from "@languagecloud/domain/formats/errors";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { isZip, readZip, ZipError } from "../../lib/zip.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { safeFilename } from "../media/disposition.ts";
import { mediaKindOf } from "../media/media.service.ts";
import { discardStaged, type StagedMedia, storePackageMedia } from "./imports.media.ts";
import { presentImport } from "./imports.presenter.ts";
import * as repo from "./imports.repository.ts";
import { failImport } from "./imports.runner.ts";

export interface Caller {
  organizationId: string;
  userId: string | null;
}

export interface ImportUpload {
  filename: string;
  bytes: Buffer;
  format: ImportFormat;
  title?: string;
}

/** UTF-8 (a BOM is dropped), or UTF-16 when a BOM says so (Excel's "Unicode text" CSV). */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * What the upload holds, checked by content rather than by name: a QTI package is a zip whose XML files are
 * unpacked here (within limits) into the text the reader takes; a zip given as any other format is refused.
 */
export interface SourceOf {
  text: string;
  problem?: FormatIssue;
  /** A package's other files (media candidates), by path; checked and stored by `storePackageMedia`. */
  others?: { path: string; data: Uint8Array }[];
  /** The package's XML files by path, when it is one. */
  files?: Record<string, string>;
}

export function sourceOf(upload: Pick<ImportUpload, "bytes" | "format">): SourceOf {
  const zip = isZip(upload.bytes);
  if (upload.format === "qti") {
    if (!zip) {
      const text = decodeText(upload.bytes);
      if (text.trimStart().startsWith("<")) return { text };
      return {
        text: "",
        problem: {
          line: 1,
          message: "expected a QTI content package (a zip file with imsmanifest.xml) or a QTI item XML file",
        },
      };
    }
    try {
      const entries = readZip(upload.bytes);
      const files: Record<string, string> = {};
      const others: { path: string; data: Uint8Array }[] = [];
      for (const e of entries) {
        if (!e.path.toLowerCase().endsWith(".xml")) {
          others.push(e);
          continue;
        }
        const text = decodeText(Buffer.from(e.data));
        const bad = checkText(text);
        if (bad) return { text: "", problem: { ...bad, message: `${e.path}: ${bad.message}` } };
        files[e.path] = text;
      }
      return { text: qtiSource(files), files, others };
    } catch (err) {
      if (err instanceof ZipError)
        return { text: "", problem: { line: 1, message: `the zip file cannot be read: ${err.message}` } };
      throw err;
    }
  }
  if (zip) {
    return {
      text: "",
      problem: {
        line: 1,
        message: `this is a zip archive, not a ${upload.format} file (a QTI package? choose the QTI format)`,
      },
    };
  }
  const text = decodeText(upload.bytes);
  if (
    upload.format === "moodlexml" &&
    text.trim() &&
    !/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>\s*)*<quiz[\s>]/.test(
      text.replace(/^\uFEFF/, ""),
    )
  ) {
    return {
      text: "",
      problem: { line: 1, message: "expected a Moodle XML file: <quiz> holding <question> elements" },
    };
  }
  return { text };
}

export async function createImport(ctx: AppContext, caller: Caller, upload: ImportUpload) {
  const source = sourceOf(upload);
  let text = source.text;
  let staged: StagedMedia[] = [];
  if (!source.problem && upload.format === "moodlexml") {
    // Files embedded base64 in the question texts: checked and stored as a package's are.
    const embedded = moodleFiles(text).map((f) => ({ path: f.key, data: Buffer.from(f.data, "base64") }));
    if (embedded.length) {
      staged = await storePackageMedia(ctx, caller.organizationId, embedded);
      text = moodleSource(
        text,
        Object.fromEntries(staged.map((m) => [m.path, { mediaId: m.mediaId, kind: mediaKindOf(m.contentType) }])),
        { staged },
      );
    }
  } else if (!source.problem && source.files && source.others?.length) {
    staged = await storePackageMedia(ctx, caller.organizationId, source.others);
    text = qtiSource(
      source.files,
      Object.fromEntries(staged.map((m) => [m.path, { mediaId: m.mediaId, kind: mediaKindOf(m.contentType) }])),
      { staged },
    );
  }
  // Refused before storing: PostgreSQL cannot even hold a NUL byte in text, and there is nothing to run.
  const problem = source.problem ?? (text.trim() === "" ? { line: 1, message: "the file is empty" } : checkText(text));
  const row = {
    id: newId(),
    organization_id: caller.organizationId,
    format: upload.format,
    filename: safeFilename(upload.filename, `import.${upload.format}`).slice(0, 255),
    title: upload.title || null,
    status: "queued" as const,
    progress: 0,
    source: problem ? null : text,
    exercise_ids: "[]",
    errors: "[]",
    warnings: null,
    created_by: caller.userId,
    created_at: nowIso(),
    started_at: null,
    finished_at: null,
  };
  // The row and its `import.requested` event commit together: the job system runs it (imports.jobs.ts), and an
  // import accepted just before a crash is still run after the restart.
  await ctx.database.db.transaction().execute(async (trx) => {
    await repo.insertImport(trx, row);
    if (!problem) {
      await writeEvent(trx, {
        organizationId: caller.organizationId,
        type: "import.requested",
        payload: { importId: row.id },
      });
    }
  });
  if (problem) {
    await discardStaged(ctx, staged);
    await failImport(ctx, row, [problem]);
  } else notifyEventsWritten();
  return { id: row.id };
}

export async function getImport(ctx: AppContext, organizationId: string, id: string) {
  const row = await repo.findImport(ctx.database.db, organizationId, id);
  if (!row) throw notFound("import");
  return presentImport(row);
}
