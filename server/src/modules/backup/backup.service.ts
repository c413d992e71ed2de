/**
 * Writes one organization's archive to a stream with constant memory: each table is read in keyset batches and
 * spooled to a temporary file (a tar header needs the size first), then copied into the tar; media stream from
 * storage straight into it. The output goes through gzip and, with a passphrase, encryption.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "kysely";
import type { Storage } from "../../infra/storage/storage.ts";
import { nowIso } from "../../lib/ids.ts";
import {
  BackupError,
  FORMAT_VERSION,
  MANIFEST,
  type Manifest,
  mediaPart,
  productVersion,
  rowLine,
  tablePart,
} from "./archive.ts";
import { encryptStream } from "./encryption.ts";
import type { RegistryDb, RegistryRow } from "./tables.ts";
import { backedUpTables, TABLE_SPECS, type TableSpec } from "./tables.ts";
import { TarWriter } from "./tar.ts";

type AnyDb = RegistryDb;
type Row = RegistryRow;

export type Progress = (message: string) => void;

const BATCH = 2000;

/** The organization's rows of one table, in key order, a batch at a time (a cursor on every engine). */
export async function* tableRows(db: AnyDb, table: string, spec: TableSpec, orgId: string): AsyncGenerator<Row> {
  let after: unknown[] | null = null;
  for (;;) {
    let query = db.selectFrom(table).selectAll();
    if (spec.org === "organization_id") query = query.where("organization_id", "=", orgId);
    else if (spec.org === "id") query = query.where("id", "=", orgId);
    else if (spec.org === "members") {
      query = query.where(
        "id",
        "in",
        db.selectFrom("memberships").select("user_id").where("organization_id", "=", orgId),
      );
    } else throw new BackupError(`${table} reaches no organization`);
    if (after && spec.key.length === 1) {
      query = query.where(spec.key[0] as string, ">", after[0]);
    } else if (after) {
      const cursor = after;
      query = query.where(
        sql<boolean>`(${sql.join(spec.key.map((c) => sql.ref(c)))}) > (${sql.join(cursor.map((v) => sql`${v}`))})`,
      );
    }
    for (const column of spec.key) query = query.orderBy(column);
    const rows = (await query.limit(BATCH).execute()) as Row[];
    for (const row of rows) yield row;
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1] as Row;
    after = spec.key.map((c) => last[c]);
  }
}

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await new Promise((resolve) => out.once("drain", resolve));
}

export interface BackupOptions {
  db: AnyDb;
  storage: Storage;
  orgId: string;
  out: Writable;
  passphrase?: string;
  progress?: Progress;
}

/** Writes the archive into `out` (which it ends) and returns the manifest. */
export async function writeBackup(opts: BackupOptions): Promise<Manifest> {
  const { db, storage, orgId } = opts;
  const progress = opts.progress ?? (() => {});
  const org = (await db.selectFrom("organizations").selectAll().where("id", "=", orgId).executeTakeFirst()) as
    | { id: string; name: string }
    | undefined;
  if (!org) throw new BackupError(`no organization ${orgId} in this database`);

  const tarStream = new PassThrough();
  const done = opts.passphrase
    ? pipeline(tarStream, createGzip({ level: 6 }), encryptStream(opts.passphrase), opts.out)
    : pipeline(tarStream, createGzip({ level: 6 }), opts.out);
  // A failing output stops the writer at its next write; the error is the pipeline's.
  done.catch(() => tarStream.destroy());
  const tar = new TarWriter(tarStream);

  const manifest: Manifest = {
    format: FORMAT_VERSION,
    product: { name: "languagecloud", version: productVersion() },
    createdAt: nowIso(),
    organization: { id: org.id, name: org.name },
    counts: {},
    parts: {},
    notIncluded: {},
  };
  for (const [name, spec] of Object.entries(TABLE_SPECS)) {
    if (spec.backup !== "rows" && spec.org !== "none") manifest.notIncluded[name] = spec.backup.skip;
  }

  const spool = await mkdtemp(join(tmpdir(), "lc-backup-"));
  try {
    for (const table of backedUpTables()) {
      const spec = TABLE_SPECS[table] as TableSpec;
      const file = join(spool, `${table}.jsonl`);
      const out = createWriteStream(file);
      let count = 0;
      let bytes = 0;
      for await (const row of tableRows(db, table, spec, orgId)) {
        const line = rowLine(row);
        bytes += Buffer.byteLength(line);
        await writeLine(out, line);
        if (++count % 100_000 === 0) progress(`backup: ${table} ${count} rows…`);
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      const size = (await stat(file)).size;
      if (size !== bytes) throw new BackupError(`spooling ${table} lost bytes`);
      const sha256 = await tar.entry(tablePart(table), size, createReadStream(file));
      await rm(file);
      manifest.counts[table] = count;
      manifest.parts[tablePart(table)] = { sha256, bytes: size };
      progress(`backup: ${table} ${count} rows`);
    }

    let mediaCount = 0;
    let mediaBytes = 0;
    for await (const row of tableRows(db, "media", TABLE_SPECS.media as TableSpec, orgId)) {
      if (row.deleted_at) continue;
      const key = String(row.storage_key);
      const size = Number(row.size);
      const sha256 = await tar.entry(mediaPart(key), size, await storage.get(key));
      manifest.parts[mediaPart(key)] = { sha256, bytes: size };
      mediaCount++;
      mediaBytes += size;
      if (mediaCount % 100 === 0) progress(`backup: media ${mediaCount} files, ${mediaBytes} bytes…`);
    }
    manifest.counts.mediaFiles = mediaCount;
    progress(`backup: media ${mediaCount} files, ${mediaBytes} bytes`);

    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    await tar.entry(MANIFEST, manifestBytes.length, manifestBytes);
    await tar.end();
    await done;
    return manifest;
  } catch (err) {
    tarStream.destroy();
    await done.catch(() => {});
    throw err;
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}
