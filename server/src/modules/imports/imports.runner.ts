/**
 * Runs imports. `runImport(ctx, importId)` is idempotent (safe to run twice, or again after a crash: only one run
 * can record the outcome, and the exercise is created in that same transaction), which is what lets the
 * `imports.run` subscriber of `import.requested` (imports.jobs.ts) run it as a job with retries.
 */
import { type Exercise, FormatError, type FormatIssue, type ImportFormat } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { mediaReferencesOf } from "../exercises/exercises.content.ts";
import { assertOwnMedia, storeNewDraft } from "../exercises/exercises.service.ts";
import { insertMedia } from "../media/media.repository.ts";
import { discardStaged, type StagedMedia } from "./imports.media.ts";
import { readImportReport } from "./imports.read.ts";
import * as repo from "./imports.repository.ts";

/** Thrown inside the transaction when another run already recorded the outcome: rolls back our exercise. */
class AlreadyFinished extends Error {}

interface ImportRef {
  id: string;
  organization_id: string;
  format: ImportFormat;
}

export async function failImport(ctx: AppContext, imp: ImportRef, errors: FormatIssue[]) {
  await ctx.database.db.transaction().execute(async (trx) => {
    const done = await repo.finishImport(trx, imp.organization_id, imp.id, {
      status: "failed",
      exerciseIds: [],
      errors,
      at: nowIso(),
    });
    if (!done) return;
    await writeEvent(trx, {
      organizationId: imp.organization_id,
      type: "import.failed",
      payload: { importId: imp.id, format: imp.format, errorCount: errors.length },
    });
  });
  notifyEventsWritten();
}

/** The exercise's title: the one the teacher typed, else the JSON file's own, else the file name without extension. */
function titleFor(row: { title: string | null; filename: string }): string {
  return row.title?.trim() || row.filename.replace(/\.[^.]*$/, "").trim() || "Imported exercise";
}

/** The files `createImport` stored for this import (a QTI package's, Moodle XML's embedded), from its source JSON. */
function stagedOf(row: { format: ImportFormat; source: string | null }): StagedMedia[] {
  if ((row.format !== "qti" && row.format !== "moodlexml") || !row.source?.startsWith("{")) return [];
  try {
    const staged = (JSON.parse(row.source) as { staged?: unknown }).staged;
    return Array.isArray(staged) ? (staged as StagedMedia[]) : [];
  } catch {
    return [];
  }
}

export async function runImport(ctx: AppContext, importId: string): Promise<void> {
  const db = ctx.database.db;
  const row = await repo.findImportToRun(db, importId);
  if (!row || row.status === "succeeded" || row.status === "failed") return;
  if (!(await repo.markRunning(db, row.organization_id, row.id, nowIso()))) return;
  if (row.source === null) {
    await failImport(ctx, row, [{ line: 1, message: "the uploaded file is no longer available; upload it again" }]);
    return;
  }

  const staged = stagedOf(row);
  let exercise: Exercise;
  let warnings: unknown[] = [];
  try {
    ({ exercise, warnings } = await readImportReport(row.source, row.format, { title: titleFor(row) }));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    await discardStaged(ctx, staged);
    await failImport(ctx, row, err.errors);
    return;
  }
  const used = new Set(mediaReferencesOf(exercise).map((r) => r.mediaId));
  const taken = staged.filter((m) => used.has(m.mediaId));
  if (row.title?.trim()) exercise = { ...exercise, title: row.title.trim() };
  await repo.setProgress(db, row.organization_id, row.id, 0.6);

  try {
    const exerciseId = await db.transaction().execute(async (trx) => {
      // The package's files the items use become the organization's media with the exercise, or not at all.
      for (const m of taken) {
        await insertMedia(trx, {
          id: m.mediaId,
          organization_id: row.organization_id,
          storage_key: m.storageKey,
          filename: m.filename,
          content_type: m.contentType,
          size: m.size,
          sha256: m.sha256,
          created_by: row.created_by,
          created_at: nowIso(),
          deleted_at: null,
        });
      }
      await assertOwnMedia(trx, row.organization_id, exercise, "file");
      const created = await storeNewDraft(
        trx,
        ctx.database.dialect,
        { organizationId: row.organization_id, userId: row.created_by },
        exercise,
      );
      const claimed = await repo.finishImport(trx, row.organization_id, row.id, {
        status: "succeeded",
        exerciseIds: [created.id],
        errors: [],
        warnings,
        at: nowIso(),
      });
      if (!claimed) throw new AlreadyFinished();
      await writeEvent(trx, {
        organizationId: row.organization_id,
        type: "import.completed",
        payload: { importId: row.id, format: row.format, exerciseIds: [created.id], itemCount: exercise.items.length },
      });
      return created.id;
    });
    notifyEventsWritten();
    await discardStaged(
      ctx,
      staged.filter((m) => !used.has(m.mediaId)),
    );
    ctx.logger.info({ importId, exerciseId, items: exercise.items.length }, "import succeeded");
  } catch (err) {
    // Another run recorded the outcome (and owns the files); otherwise nothing took them.
    if (err instanceof AlreadyFinished) return;
    await discardStaged(ctx, staged);
    if (err instanceof AppError && Array.isArray(err.details)) {
      const details = err.details as { field?: string; message: string }[];
      await failImport(
        ctx,
        row,
        details.map((d) => ({ line: 1, message: d.field ? `${d.field}: ${d.message}` : d.message })),
      );
      return;
    }
    throw err;
  }
}
