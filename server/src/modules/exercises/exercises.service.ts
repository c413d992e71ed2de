/**
 * The exercise library: drafts that teachers edit, immutable published versions that assignments pin, export.
 * Every query is scoped to the caller's organization; another organization's exercise is simply not found.
 */
import {
  type Exercise,
  type ExportFormat,
  exerciseSchema,
  normalizeExercise,
  publishProblems,
  type QtiVersion,
  toMoodleXml,
  writeExercise,
  writeQtiPackage,
} from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import type { ExercisesTable } from "../../db/tables/content.tables.ts";
import type { Dialect, Executor } from "../../db/types.ts";
import { DEMO_EXERCISE } from "../../demo/demo-content.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { AppError, conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { writeZip } from "../../lib/zip.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { existingMediaIds, findMediaRows } from "../media/media.repository.ts";
import { labelsOf, mediaReferencesOf, searchTextOf } from "./exercises.content.ts";
import { presentExercise, presentSummary, presentVersion } from "./exercises.presenter.ts";
import * as repo from "./exercises.repository.ts";
import type { ExercisePatch } from "./exercises.schema.ts";

export interface Caller {
  organizationId: string;
  /** Null for an API key. */
  userId: string | null;
}

/** Every media reference must name a live file of the same organization: 422 listing each bad one. */
export async function assertOwnMedia(db: Executor, organizationId: string, ex: Exercise, fieldPrefix = "body") {
  const refs = mediaReferencesOf(ex);
  if (!refs.length) return;
  const found = await existingMediaIds(db, organizationId, [...new Set(refs.map((r) => r.mediaId))]);
  const missing = refs.filter((r) => !found.has(r.mediaId));
  if (missing.length) {
    throw unprocessable(
      "unknown_media",
      "Some media references do not name a file of this organization.",
      missing.map((r) => ({
        field: `${fieldPrefix}.${r.field}`,
        message: `no media ${r.mediaId} in this organization`,
      })),
    );
  }
}

/** Inserts a new draft with its labels; the caller owns the transaction (imports reuse this). */
export async function storeNewDraft(trx: Executor, dialect: Dialect, caller: Caller, ex: Exercise) {
  const now = nowIso();
  const row: ExercisesTable = {
    id: newId(),
    organization_id: caller.organizationId,
    title: ex.title,
    level: ex.level ?? null,
    status: "draft",
    draft: JSON.stringify(ex),
    search_text: searchTextOf(ex),
    latest_version: null,
    dirty: 1,
    item_count: ex.items.length,
    created_by: caller.userId,
    created_at: now,
    updated_at: now,
    archived_at: null,
  };
  await repo.insertExercise(trx, row);
  await repo.replaceLabels(trx, dialect, caller.organizationId, row.id, labelsOf(ex));
  return row;
}

export async function createExercise(ctx: AppContext, caller: Caller, input: Exercise) {
  const ex = normalizeExercise(input);
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    await assertOwnMedia(trx, caller.organizationId, ex);
    return storeNewDraft(trx, ctx.database.dialect, caller, ex);
  });
  return presentExercise(row);
}

async function mustFind(db: Executor, organizationId: string, id: string) {
  const row = await repo.findExercise(db, organizationId, id);
  if (!row) throw notFound("exercise");
  return row;
}

export async function getExercise(ctx: AppContext, organizationId: string, id: string) {
  // The primary, not the replica: an editor opens the exercise right after creating it.
  return presentExercise(await mustFind(ctx.database.db, organizationId, id));
}

const archivedError = () => conflict("exercise_archived", "This exercise is archived; it can no longer change.");

/** Applies whole or partial fields to the draft and validates the result as a whole. */
export async function editExercise(ctx: AppContext, caller: Caller, id: string, patch: ExercisePatch) {
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await mustFind(trx, caller.organizationId, id);
    if (row.status === "archived") throw archivedError();
    const merged: Record<string, unknown> = { ...(JSON.parse(row.draft) as Exercise) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const parsed = exerciseSchema.safeParse(merged);
    if (!parsed.success) {
      throw new AppError(
        400,
        "validation_failed",
        "Some fields are not valid.",
        parsed.error.issues.map((i) => ({ field: ["body", ...i.path.map(String)].join("."), message: i.message })),
      );
    }
    const ex = normalizeExercise(parsed.data);
    await assertOwnMedia(trx, caller.organizationId, ex);
    const fields = {
      title: ex.title,
      level: ex.level ?? null,
      draft: JSON.stringify(ex),
      search_text: searchTextOf(ex),
      item_count: ex.items.length,
      updated_at: nowIso(),
    };
    await repo.updateDraft(trx, caller.organizationId, id, fields);
    await repo.replaceLabels(trx, ctx.database.dialect, caller.organizationId, id, labelsOf(ex));
    return presentExercise({ ...row, ...fields, dirty: 1 });
  });
}

/** Archives (never deletes: published versions stay pinned by assignments). Archiving twice is harmless. */
export async function archiveExercise(ctx: AppContext, caller: Caller, id: string) {
  await ctx.database.db.transaction().execute(async (trx) => {
    const row = await mustFind(trx, caller.organizationId, id);
    if (row.status === "archived") return;
    await repo.archiveExercise(trx, caller.organizationId, id, nowIso());
  });
}

/**
 * Snapshots the draft as the next immutable version. Publishing an unchanged draft creates nothing and answers
 * the current version (`created: false`).
 */
export async function publishExercise(ctx: AppContext, caller: Caller, id: string) {
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    const row = await mustFind(trx, caller.organizationId, id);
    if (row.status === "archived") throw archivedError();
    const draft = JSON.parse(row.draft) as Exercise;
    if (!draft.items.length) throw unprocessable("empty_exercise", "Add at least one item before publishing.");
    const problems = publishProblems(draft);
    if (problems.length) {
      throw unprocessable("not_publishable", "Fix these problems before publishing; the draft is kept.", problems);
    }
    if (Number(row.dirty) === 0 && row.latest_version !== null) {
      const current = await repo.findVersion(trx, caller.organizationId, id, Number(row.latest_version));
      if (current) return { created: false, version: presentVersion(current) };
    }
    // A file may have been deleted since the draft was saved: a version must not point at nothing.
    await assertOwnMedia(trx, caller.organizationId, draft, "draft");
    const at = nowIso();
    const version = await repo.nextVersion(trx, caller.organizationId, id, at);
    const versionRow = {
      id: newId(),
      exercise_id: id,
      organization_id: caller.organizationId,
      version,
      content: row.draft,
      published_at: at,
      published_by: caller.userId,
    };
    await repo.insertVersion(trx, versionRow);
    await writeEvent(trx, {
      organizationId: caller.organizationId,
      type: "exercise.published",
      payload: { exerciseId: id, version },
    });
    return { created: true, version: presentVersion(versionRow) };
  });
  if (result.created) notifyEventsWritten();
  const v = result.version;
  return {
    created: result.created,
    body: { version: v.version, id: v.id, exerciseId: v.exerciseId, publishedAt: v.publishedAt },
  };
}

const isUpdatedCursor = (v: unknown): v is { updatedAt: string; id: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { updatedAt?: unknown }).updatedAt === "string" &&
  typeof (v as { id?: unknown }).id === "string";

export async function listExercises(
  ctx: AppContext,
  organizationId: string,
  query: Omit<repo.ExerciseFilter, "after"> & { cursor?: string },
) {
  const after = decodeCursor(query.cursor, isUpdatedCursor);
  const db = ctx.database.read;
  const rows = await repo.listExercises(db, ctx.database.dialect, organizationId, {
    ...query,
    limit: query.limit + 1,
    after,
  });
  const { rows: kept, nextCursor } = page(rows, query.limit, (r) => ({ updatedAt: r.updated_at, id: r.id }));
  const labels = await repo.labelsFor(
    db,
    organizationId,
    kept.map((r) => r.id),
  );
  const byExercise = new Map<string, typeof labels>();
  for (const l of labels) byExercise.set(l.exercise_id, [...(byExercise.get(l.exercise_id) ?? []), l]);
  return { items: kept.map((r) => presentSummary(r, byExercise.get(r.id) ?? [])), nextCursor };
}

const isVersionCursor = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

export async function listVersions(
  ctx: AppContext,
  organizationId: string,
  id: string,
  query: { limit: number; cursor?: string },
) {
  await mustFind(ctx.database.db, organizationId, id);
  const before = decodeCursor(query.cursor, isVersionCursor);
  const rows = await repo.listVersions(ctx.database.db, organizationId, id, { limit: query.limit + 1, before });
  const { rows: kept, nextCursor } = page(rows, query.limit, (r) => Number(r.version));
  return { items: kept.map(presentVersion), nextCursor };
}

export async function getVersion(ctx: AppContext, organizationId: string, id: string, version: number) {
  const row = await repo.findVersion(ctx.database.db, organizationId, id, version);
  if (!row) throw notFound("version");
  return presentVersion(row);
}

const EXPORT_TYPES: Record<ExportFormat, string> = {
  gift: "text/plain; charset=utf-8",
  json: "application/json; charset=utf-8",
  moodlexml: "application/xml; charset=utf-8",
  qti3: "application/zip",
  qti21: "application/zip",
};
const EXTENSIONS: Record<ExportFormat, string> = {
  gift: "gift",
  json: "json",
  moodlexml: "xml",
  qti3: "zip",
  qti21: "zip",
};

/** The draft, or one published version, as a file. */
export async function exportExercise(
  ctx: AppContext,
  organizationId: string,
  id: string,
  format: ExportFormat,
  version?: number,
) {
  const row = await mustFind(ctx.database.db, organizationId, id);
  const content = version
    ? (await getVersion(ctx, organizationId, id, version)).content
    : (JSON.parse(row.draft) as Exercise);
  const stem =
    row.title
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "exercise";
  const suffix = format === "qti3" ? "-qti3" : format === "qti21" ? "-qti21" : "";
  return {
    filename: `${stem}${version ? `-v${version}` : ""}${suffix}.${EXTENSIONS[format]}`,
    contentType: EXPORT_TYPES[format],
    body:
      format === "qti3" || format === "qti21"
        ? await qtiPackage(ctx, organizationId, content, format === "qti3" ? "3.0" : "2.1")
        : format === "moodlexml"
          ? toMoodleXml(content, await readMediaFiles(ctx, organizationId, content)).text
          : writeExercise(content, format),
  };
}

/** A package holds at most this much media; beyond it files are left out (and the manifest says so). */
const PACKAGE_MEDIA_BYTES = 200 * 1024 * 1024;

const extensionOf = (filename: string, contentType: string) => {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(filename)?.[0];
  if (ext) return ext.toLowerCase();
  const sub = contentType.split("/")[1]?.split(/[;+]/)[0];
  return sub ? `.${sub.replace(/[^a-z0-9]/gi, "").slice(0, 8)}` : "";
};

/** The items' media files from storage, for a package or a Moodle XML file (one query for the rows, one read each). */
async function readMediaFiles(ctx: AppContext, organizationId: string, content: Exercise) {
  const ids = [...new Set(mediaReferencesOf(content).map((r) => r.mediaId))];
  const rows = ids.length ? await findMediaRows(ctx.database.db, organizationId, ids) : [];
  const media = new Map<string, { contentType: string; extension: string; bytes?: Uint8Array }>();
  let total = 0;
  for (const row of rows) {
    if (total + Number(row.size) > PACKAGE_MEDIA_BYTES) continue;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of await ctx.storage.get(row.storage_key)) chunks.push(Buffer.from(chunk as Uint8Array));
      const bytes = Buffer.concat(chunks);
      total += bytes.length;
      media.set(row.id, {
        contentType: row.content_type,
        extension: extensionOf(row.filename, row.content_type),
        bytes,
      });
    } catch (err) {
      ctx.logger.warn({ mediaId: row.id, err }, "media left out of a QTI package");
    }
  }
  return (mediaId: string) => media.get(mediaId);
}

/** QTI content package as a zip, with the items' media files. */
async function qtiPackage(
  ctx: AppContext,
  organizationId: string,
  content: Exercise,
  version: QtiVersion,
): Promise<Buffer> {
  const pkg = writeQtiPackage(content, version, await readMediaFiles(ctx, organizationId, content));
  return writeZip(
    pkg.files.map((f) => ({ path: f.path, data: typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data })),
  );
}

/**
 * Loads the example exercise (the demo's) into an empty library, published so that it can be assigned at once.
 * A library that already holds exercises is left alone (409): examples are for starting, not for filling up.
 */
export async function loadExamples(ctx: AppContext, caller: Caller) {
  const any = await ctx.database.db
    .selectFrom("exercises")
    .select("id")
    .where("organization_id", "=", caller.organizationId)
    .limit(1)
    .executeTakeFirst();
  if (any) throw conflict("library_not_empty", "Examples are offered to an empty library only.");
  const created = await createExercise(ctx, caller, exerciseSchema.parse(DEMO_EXERCISE));
  await publishExercise(ctx, caller, created.id);
  return { items: [await getExercise(ctx, caller.organizationId, created.id)] };
}
