/**
 * Restores an archive into this deployment's database and storage. Two passes over the file: the first reads all
 * of it (decrypting, unzipping, checking every part's SHA-256 and count against the manifest, the format version,
 * and whether the organization exists) and writes nothing; the second inserts the rows in one transaction and puts
 * the media (removed again if the transaction fails). Any failure leaves the deployment as it was.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { Transaction } from "kysely";
import type { Storage } from "../../infra/storage/storage.ts";
import { newJoinCode } from "../classes/join-code.ts";
import { BackupError, FORMAT_VERSION, lines, MANIFEST, type Manifest, tablePart } from "./archive.ts";
import type { Progress } from "./backup.service.ts";
import { DecryptionError, decryptStream, isEncrypted } from "./encryption.ts";
import type { RegistryDb, RegistryRow } from "./tables.ts";
import { TABLE_SPECS } from "./tables.ts";
import { readTar, TarFormatError } from "./tar.ts";

type AnyDb = RegistryDb;
type Row = RegistryRow;

export interface RestoreOptions {
  db: AnyDb;
  storage: Storage;
  file: string;
  passphrase?: string;
  newOrg?: boolean;
  progress?: Progress;
}

export interface RestoreResult {
  organizationId: string;
  counts: Record<string, number>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const INSERT_PARAMS = 8000;

async function archiveStream(file: string, passphrase: string | undefined): Promise<AsyncIterable<Buffer>> {
  const handle = await open(file, "r").catch((err: NodeJS.ErrnoException) => {
    throw new BackupError(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  const start = Buffer.alloc(8);
  const { bytesRead } = await handle.read(start, 0, 8, 0);
  await handle.close();
  const encrypted = isEncrypted(start.subarray(0, bytesRead));
  if (encrypted && !passphrase)
    throw new BackupError("the archive is encrypted: give its passphrase with --passphrase-env VAR");
  const stages: NodeJS.ReadWriteStream[] = [];
  if (encrypted) stages.push(decryptStream(passphrase as string));
  stages.push(createGunzip());
  let stream: NodeJS.ReadableStream = createReadStream(file);
  for (const stage of stages) {
    const from = stream as Readable;
    from.on("error", (err) => (stage as unknown as Readable).destroy(err));
    stream = from.pipe(stage);
  }
  return stream as unknown as AsyncIterable<Buffer>;
}

/** Turns the failures of the layers below into one refusal the operator can read. */
function refusal(err: unknown): Error {
  if (err instanceof BackupError) return err;
  if (err instanceof DecryptionError) return new BackupError(err.message);
  if (err instanceof TarFormatError) return new BackupError(`the archive is damaged: ${err.message}`);
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    return new BackupError(`the archive is damaged or truncated (${(err as Error).message})`);
  }
  return err as Error;
}

interface Verified {
  manifest: Manifest;
  userIds: string[];
  userEmails: Map<string, string>;
}

/** Pass 1: reads everything, writes nothing. */
async function verify(opts: RestoreOptions, progress: Progress): Promise<Verified> {
  const seen = new Map<string, { sha256: string; bytes: number; lines: number }>();
  let manifest: Manifest | null = null;
  const userIds: string[] = [];
  const userEmails = new Map<string, string>();
  try {
    for await (const entry of readTar(await archiveStream(opts.file, opts.passphrase))) {
      if (seen.has(entry.name)) throw new BackupError(`the archive is damaged: ${entry.name} appears twice`);
      if (entry.name === MANIFEST) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry.body) chunks.push(chunk);
        try {
          manifest = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Manifest;
        } catch {
          throw new BackupError("the archive is damaged: its manifest is not JSON");
        }
        continue;
      }
      const hash = createHash("sha256");
      let bytes = 0;
      let count = 0;
      const counted = (async function* () {
        for await (const chunk of entry.body) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      })();
      if (entry.name === tablePart("users")) {
        for await (const line of lines(counted)) {
          const row = JSON.parse(line) as { id: string; email: string };
          userIds.push(row.id);
          userEmails.set(row.id, row.email);
          count++;
        }
      } else if (entry.name.startsWith("tables/")) {
        for await (const chunk of counted) for (const byte of chunk) if (byte === 10) count++;
      } else {
        for await (const _ of counted);
      }
      seen.set(entry.name, { sha256: hash.digest("hex"), bytes, lines: count });
    }
  } catch (err) {
    throw refusal(err);
  }
  if (!manifest)
    throw new BackupError("the archive is damaged or not a Language Cloud backup: it has no manifest.json");
  if (typeof manifest.format !== "number" || manifest.format > FORMAT_VERSION) {
    throw new BackupError(
      `the archive is of format ${manifest.format}, newer than this version reads (${FORMAT_VERSION}): upgrade Language Cloud first`,
    );
  }
  for (const [name, part] of Object.entries(manifest.parts ?? {})) {
    const got = seen.get(name);
    if (!got) throw new BackupError(`the archive is damaged: ${name} is missing`);
    if (got.sha256 !== part.sha256 || got.bytes !== part.bytes) {
      throw new BackupError(`the archive is damaged: ${name} does not match its checksum`);
    }
  }
  for (const [name, got] of seen) {
    if (!manifest.parts[name]) throw new BackupError(`the archive is damaged: ${name} is not in its manifest`);
    if (name.startsWith("tables/")) {
      const table = name.slice("tables/".length, -".jsonl".length);
      const spec = TABLE_SPECS[table];
      if (spec?.backup !== "rows")
        throw new BackupError(`the archive has a table this version does not know: ${table}`);
      if (manifest.counts[table] !== got.lines)
        throw new BackupError(`the archive is damaged: ${table} has the wrong number of rows`);
    }
  }
  progress(
    `restore: verified ${seen.size} parts of the backup of ${manifest.organization.name} (${manifest.createdAt})`,
  );
  return { manifest, userIds, userEmails };
}

/** --new-org: a new id for every id of the organization's rows, the same one wherever it appears (JSON too). */
function idRemapper(salt: Buffer, keep: Map<string, string>, newOrg: boolean): ((id: string) => string) | null {
  if (!newOrg && keep.size === 0) return null;
  const users = keep;
  return (id) => {
    const user = users.get(id);
    if (user !== undefined) return user;
    if (!newOrg) return id;
    // The first 64 bits (the UUIDv7 time and counter) stay, so restored ids sort as the originals did.
    const h = createHmac("sha256", salt).update(id).digest("hex");
    const variant = ((Number.parseInt(h[0] as string, 16) & 0x3) | 0x8).toString(16);
    return `${id.slice(0, 19)}${variant}${h.slice(1, 4)}-${h.slice(4, 16)}`;
  };
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const progress = opts.progress ?? (() => {});
  const { manifest, userIds, userEmails } = await verify(opts, progress);
  const db = opts.db;
  const orgId = manifest.organization.id;
  if (!opts.newOrg) {
    const exists = await db.selectFrom("organizations").select("id").where("id", "=", orgId).executeTakeFirst();
    if (exists) {
      throw new BackupError(
        `organization ${orgId} (${manifest.organization.name}) already exists here, restored before or never gone: nothing was written; use --new-org to restore a copy beside it`,
      );
    }
  }

  // People keep their accounts: a user who exists here (by id, or by email under another id) is not written again,
  // and the archive's references to them point to the account that is here.
  const userMap = new Map<string, string>();
  const existingIds = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = userIds.slice(i, i + 500);
    const emails = ids.map((id) => userEmails.get(id) as string);
    const found = (await db
      .selectFrom("users")
      .select(["id", "email"])
      .where((eb) => eb.or([eb("id", "in", ids), eb("email", "in", emails)]))
      .execute()) as { id: string; email: string }[];
    const byEmail = new Map(found.map((u) => [u.email, u.id]));
    const byId = new Set(found.map((u) => u.id));
    for (const id of ids) {
      if (byId.has(id)) existingIds.add(id);
      else {
        const other = byEmail.get(userEmails.get(id) as string);
        if (other) {
          existingIds.add(id);
          userMap.set(id, other);
        }
      }
    }
  }
  // Every user id maps to itself or to the account here; the rest of the ids are the organization's.
  const keep = new Map<string, string>();
  if (opts.newOrg || userMap.size) for (const id of userIds) keep.set(id, userMap.get(id) ?? id);
  const remap = idRemapper(randomBytes(32), keep, !!opts.newOrg);
  const newOrgId = remap ? remap(orgId) : orgId;
  const transform = (table: string, row: Row): Row => {
    if (remap) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === "string" && value.length >= 36) row[column] = value.replace(UUID, remap);
      }
    }
    if (opts.newOrg && table === "classes") row.join_code = newJoinCode();
    return row;
  };

  const counts: Record<string, number> = {};
  const written: string[] = [];
  try {
    await db.transaction().execute(async (trx: Transaction<unknown>) => {
      const tx = trx as unknown as AnyDb;
      for await (const entry of readTar(await archiveStream(opts.file, opts.passphrase))) {
        if (entry.name === MANIFEST) {
          for await (const _ of entry.body);
          continue;
        }
        if (entry.name.startsWith("tables/")) {
          const table = entry.name.slice("tables/".length, -".jsonl".length);
          counts[table] = await insertTable(
            tx,
            table,
            lines(entry.body),
            (row) => {
              if (table === "users" && existingIds.has(row.id as string)) return null;
              return transform(table, row);
            },
            progress,
          );
          progress(`restore: ${table} ${counts[table]} rows`);
        } else if (entry.name.startsWith("media/")) {
          const key = remap
            ? entry.name.slice("media/".length).replace(UUID, remap)
            : entry.name.slice("media/".length);
          written.push(key);
          await opts.storage.put(key, Readable.from(entry.body), "application/octet-stream");
          counts.mediaFiles = (counts.mediaFiles ?? 0) + 1;
          if (counts.mediaFiles % 100 === 0) progress(`restore: media ${counts.mediaFiles} files…`);
        }
      }
    });
  } catch (err) {
    for (const key of written) await opts.storage.delete(key).catch(() => {});
    throw refusal(err);
  }
  counts.mediaFiles = counts.mediaFiles ?? 0;
  progress(`restore: media ${counts.mediaFiles} files`);
  return { organizationId: newOrgId, counts };
}

async function insertTable(
  tx: AnyDb,
  table: string,
  source: AsyncIterable<string>,
  transform: (row: Row) => Row | null,
  progress: Progress,
): Promise<number> {
  let batch: Row[] = [];
  let perBatch = 0;
  let count = 0;
  const flush = async () => {
    if (batch.length) await tx.insertInto(table).values(batch).execute();
    batch = [];
  };
  for await (const line of source) {
    const row = transform(JSON.parse(line) as Row);
    count++;
    if (!row) continue;
    if (!perBatch) perBatch = Math.max(1, Math.floor(INSERT_PARAMS / Math.max(1, Object.keys(row).length)));
    batch.push(row);
    if (batch.length >= perBatch) await flush();
    if (count % 100_000 === 0) progress(`restore: ${table} ${count} rows…`);
  }
  await flush();
  return count;
}
