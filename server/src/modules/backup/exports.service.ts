/**
 * Backups an admin downloads from the web app: `POST /orgs/{org}/backups` records the request and its event in one
 * transaction; the `backups.run` job (exports.jobs.ts) writes the same archive as `languagecloud backup` into
 * storage, reporting progress; the download works until `expires_at` (24 h), after which it answers 410 and the
 * file is deleted.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { AppContext } from "../../context.ts";
import { AppError, conflict, notFound } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { writeBackup } from "./backup.service.ts";
import { backedUpTables } from "./tables.ts";

export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000;

export interface BackupExportDto {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  bytes: number | null;
  error: string | null;
  /** Where to download it while it has not expired (the caller's session authorizes it). */
  downloadUrl: string | null;
}

type Row = {
  id: string;
  organization_id: string;
  status: BackupExportDto["status"];
  progress: number;
  created_at: string;
  finished_at: string | null;
  expires_at: string | null;
  bytes: number | null;
  error: string | null;
  storage_key: string | null;
};

function present(r: Row, now = Date.now()): BackupExportDto {
  const live = r.status === "succeeded" && r.expires_at !== null && Date.parse(r.expires_at) > now;
  return {
    id: r.id,
    status: r.status,
    progress: Number(r.progress),
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
    bytes: r.bytes === null ? null : Number(r.bytes),
    error: r.error,
    downloadUrl: live ? `/api/v1/orgs/${r.organization_id}/backups/${r.id}/download` : null,
  };
}

async function find(ctx: AppContext, orgId: string, id: string): Promise<Row> {
  const row = await ctx.database.db
    .selectFrom("backup_exports")
    .selectAll()
    .where("organization_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("backup");
  return row as Row;
}

/** Deletes the files of the organization's expired backups (on every request and run: no schedule needed). */
async function purgeExpired(ctx: AppContext, orgId: string): Promise<void> {
  const db = ctx.database.db;
  const expired = await db
    .selectFrom("backup_exports")
    .select(["id", "storage_key"])
    .where("organization_id", "=", orgId)
    .where("storage_key", "is not", null)
    .where("expires_at", "<=", nowIso())
    .execute();
  for (const row of expired) {
    await ctx.storage.delete(row.storage_key as string);
    await db.updateTable("backup_exports").set({ storage_key: null }).where("id", "=", row.id).execute();
  }
}

export async function requestBackup(ctx: AppContext, orgId: string, userId: string | null): Promise<BackupExportDto> {
  await purgeExpired(ctx, orgId);
  const db = ctx.database.db;
  const busy = await db
    .selectFrom("backup_exports")
    .select("id")
    .where("organization_id", "=", orgId)
    .where("status", "in", ["queued", "running"])
    .executeTakeFirst();
  if (busy)
    throw conflict("backup_in_progress", "A backup of this organization is already being made.", { id: busy.id });
  const row: Row & { requested_by: string | null } = {
    id: newId(),
    organization_id: orgId,
    requested_by: userId,
    status: "queued",
    progress: 0,
    created_at: nowIso(),
    finished_at: null,
    expires_at: null,
    bytes: null,
    error: null,
    storage_key: null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("backup_exports").values(row).execute();
    await writeEvent(trx, { organizationId: orgId, type: "backup.requested", payload: { backupId: row.id } });
  });
  notifyEventsWritten();
  return present(row);
}

export async function getBackup(ctx: AppContext, orgId: string, id: string): Promise<BackupExportDto> {
  return present(await find(ctx, orgId, id));
}

export async function listBackups(ctx: AppContext, orgId: string): Promise<BackupExportDto[]> {
  await purgeExpired(ctx, orgId);
  const rows = await ctx.database.db
    .selectFrom("backup_exports")
    .selectAll()
    .where("organization_id", "=", orgId)
    .orderBy("created_at", "desc")
    .limit(10)
    .execute();
  return rows.map((r) => present(r as Row));
}

export async function openDownload(
  ctx: AppContext,
  orgId: string,
  id: string,
): Promise<{ body: Readable; bytes: number; filename: string }> {
  const row = await find(ctx, orgId, id);
  if (row.status !== "succeeded" || !row.expires_at)
    throw conflict("backup_not_ready", "This backup is not ready yet.");
  if (Date.parse(row.expires_at) <= Date.now() || !row.storage_key) {
    await purgeExpired(ctx, orgId);
    throw new AppError(410, "backup_expired", "This download link has expired; make a new backup.");
  }
  return {
    body: await ctx.storage.get(row.storage_key),
    bytes: Number(row.bytes),
    filename: `languagecloud-${orgId}-${row.created_at.slice(0, 10)}.tar.gz`,
  };
}

/** The job: idempotent (a finished or running export is left alone; a crash mid-way leaves it failed). */
export async function runBackupExport(ctx: AppContext, id: string): Promise<void> {
  const db = ctx.database.db;
  const claimed = await db
    .updateTable("backup_exports")
    .set({ status: "running" })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const row = (await db.selectFrom("backup_exports").selectAll().where("id", "=", id).executeTakeFirstOrThrow()) as Row;
  const dir = await mkdtemp(join(tmpdir(), "lc-export-"));
  const file = join(dir, "backup.tar.gz");
  const parts = backedUpTables().length + 1;
  let done = 0;
  let lastWrite = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    await writeBackup({
      db: db as never,
      storage: ctx.storage,
      orgId: row.organization_id,
      out: createWriteStream(file),
      progress: (line) => {
        // One line per finished table, and one when the files are done: that is the progress a person sees.
        if (/ rows$| bytes$/.test(line)) done++;
        const now = Date.now();
        if (now - lastWrite > 500 || done === parts) {
          lastWrite = now;
          const progress = Math.min(0.95, done / parts);
          // Chained, and awaited before the final update: a late write must never take the 1 back to 0.95.
          pending = pending.then(() =>
            db
              .updateTable("backup_exports")
              .set({ progress })
              .where("id", "=", id)
              .execute()
              .then(
                () => {},
                () => {},
              ),
          );
        }
      },
    });
    await pending;
    const key = `backups/${row.organization_id}/${id}`;
    const { size } = await stat(file);
    await ctx.storage.put(key, createReadStream(file), "application/gzip");
    const finished = nowIso();
    await db
      .updateTable("backup_exports")
      .set({
        status: "succeeded",
        progress: 1,
        storage_key: key,
        bytes: size,
        finished_at: finished,
        expires_at: new Date(Date.parse(finished) + EXPORT_TTL_MS).toISOString(),
      })
      .where("id", "=", id)
      .execute();
  } catch (err) {
    await pending;
    ctx.logger.error({ err, backupId: id }, "backup export failed");
    await db
      .updateTable("backup_exports")
      .set({ status: "failed", error: "The backup could not be written; it has been logged.", finished_at: nowIso() })
      .where("id", "=", id)
      .execute();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
