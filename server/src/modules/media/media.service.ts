/**
 * Uploaded files of an organization. The type is decided by the file's own bytes (never its name or the client's
 * header), from a short allow-list; the bytes stream to storage while being hashed and counted, so a large file
 * never sits in memory. Reads are checked against the caller's organization and honour Range requests.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type";
import type { AppContext } from "../../context.ts";
import { newStorageKey, StorageNotFoundError } from "../../infra/storage/storage.ts";
import { isClientAbort, uploadInterrupted } from "../../lib/client-abort.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { AppError, badRequest, conflict, notFound } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { contentDisposition, safeFilename } from "./disposition.ts";
import { presentMedia } from "./media.presenter.ts";
import * as repo from "./media.repository.ts";
import { parseRange } from "./range.ts";

/** Detected extension → the type we serve it as. Anything else is refused. */
const ALLOWED: Record<string, string> = {
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/ogg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  webm: "video/webm",
  png: "image/png",
  jpg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  pdf: "application/pdf",
};
/** Enough bytes for file-type to recognise every allowed format. */
const SNIFF_BYTES = 4100;

/** What a file is by its own bytes, when it is one of the accepted types (the check of every upload and import). */
export async function detectMedia(bytes: Uint8Array): Promise<{ ext: string; contentType: string } | undefined> {
  const detected = await fileTypeFromBuffer(bytes.subarray(0, SNIFF_BYTES));
  const contentType = detected ? ALLOWED[detected.ext] : undefined;
  return detected && contentType ? { ext: detected.ext, contentType } : undefined;
}

export const mediaKindOf = (contentType: string): "audio" | "image" | "video" | "file" =>
  contentType.startsWith("image/")
    ? "image"
    : contentType.startsWith("audio/")
      ? "audio"
      : contentType.startsWith("video/")
        ? "video"
        : "file";

export interface Caller {
  organizationId: string;
  userId: string | null;
}

export interface IncomingFile {
  filename: string;
  /** The upload stream; `truncated` turns true when it hit the size limit. */
  file: Readable & { truncated?: boolean };
}

const tooLarge = (max: number) =>
  new AppError(413, "payload_too_large", `The file is larger than the limit of ${max} bytes.`);

/** Reads the first bytes of a stream and gives back the rest, so nothing is lost or buffered beyond the sniff. */
async function peek(stream: Readable, bytes: number) {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(head), rest: { [Symbol.asyncIterator]: () => it } as AsyncIterable<Buffer> };
}

export async function uploadMedia(ctx: AppContext, caller: Caller, upload: IncomingFile) {
  const max = ctx.config.UPLOAD_MAX_BYTES;
  const source = upload.file;
  let sniffed: Awaited<ReturnType<typeof peek>>;
  try {
    sniffed = await peek(source, SNIFF_BYTES);
  } catch (err) {
    throw isClientAbort(err) ? uploadInterrupted() : err;
  }
  const { head, rest } = sniffed;
  const drain = async () => {
    for await (const _ of rest) {
      // discard: the request body must be read to its end before we answer
    }
  };
  if (source.truncated) {
    await drain();
    throw tooLarge(max);
  }
  if (head.length === 0) {
    await drain();
    throw badRequest("empty_file", "The file is empty.");
  }
  const detected = await fileTypeFromBuffer(head);
  const contentType = detected ? ALLOWED[detected.ext] : undefined;
  if (!detected || !contentType) {
    await drain();
    throw new AppError(
      415,
      "unsupported_media_type",
      `${detected ? `This file is ${detected.mime}, which` : "This file's type"} is not accepted. Upload audio (mp3, ogg, wav, m4a, webm), an image (png, jpeg, webp, gif) or a PDF.`,
    );
  }

  const hash = createHash("sha256");
  let size = 0;
  // Set when reading the upload fails because the client went away: the storage adapter may report that failure
  // in its own words (S3 as a failed multipart upload), so the cause is noted where it happens.
  let aborted = false;
  async function* metered() {
    try {
      for await (const chunk of (async function* () {
        yield head;
        yield* rest;
      })()) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    } catch (err) {
      if (isClientAbort(err)) aborted = true;
      throw err;
    }
    // Failing the stream makes the storage discard what it wrote.
    if (source.truncated) throw tooLarge(max);
  }
  const key = newStorageKey("media", caller.organizationId);
  try {
    await ctx.storage.put(key, Readable.from(metered()), contentType);
  } catch (err) {
    throw aborted || isClientAbort(err) ? uploadInterrupted() : err;
  }

  const row = {
    id: newId(),
    organization_id: caller.organizationId,
    storage_key: key,
    filename: safeFilename(upload.filename, `file.${detected.ext}`).slice(0, 255),
    content_type: contentType,
    size,
    sha256: hash.digest("hex"),
    created_by: caller.userId,
    created_at: nowIso(),
    deleted_at: null,
  };
  try {
    await repo.insertMedia(ctx.database.db, row);
  } catch (err) {
    await ctx.storage.delete(key).catch(() => {});
    throw err;
  }
  return presentMedia(row);
}

const isCreatedCursor = (v: unknown): v is { createdAt: string; id: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { createdAt?: unknown }).createdAt === "string" &&
  typeof (v as { id?: unknown }).id === "string";

export async function listMedia(ctx: AppContext, organizationId: string, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor, isCreatedCursor);
  const rows = await repo.listMedia(ctx.database.read, organizationId, { limit: q.limit + 1, after });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => ({ createdAt: r.created_at, id: r.id }));
  return { items: kept.map(presentMedia), nextCursor };
}

export interface MediaResponse {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body: Readable | null;
}

/** The file (or the asked range of it) with the headers that make it safe to serve from our origin. */
export async function openMedia(
  ctx: AppContext,
  organizationId: string,
  id: string,
  request: { range?: string; ifNoneMatch?: string; ifRange?: string },
): Promise<MediaResponse> {
  const row = await repo.findMedia(ctx.database.db, organizationId, id);
  if (!row) throw notFound("media");
  const size = Number(row.size);
  const etag = `"${row.sha256}"`;
  const inline = /^(audio|video|image)\//.test(row.content_type);
  const headers: Record<string, string> = {
    "content-type": row.content_type,
    "content-disposition": contentDisposition(inline ? "inline" : "attachment", row.filename),
    "x-content-type-options": "nosniff",
    "accept-ranges": "bytes",
    etag,
    "cache-control": "private, max-age=3600",
  };
  if (request.ifNoneMatch?.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    return { status: 304, headers, body: null };
  }
  // A Range for another version of the file is ignored (If-Range): the whole current file is sent instead.
  const rangeHeader = request.ifRange && request.ifRange !== etag ? undefined : request.range;
  const range = parseRange(rangeHeader, size);
  if (range.kind === "unsatisfiable") {
    return { status: 416, headers: { ...headers, "content-range": `bytes */${size}` }, body: null };
  }
  try {
    if (range.kind === "partial") {
      const { start, end } = range.range;
      const body = await ctx.storage.get(row.storage_key, range.range);
      return {
        status: 206,
        headers: {
          ...headers,
          "content-range": `bytes ${start}-${end}/${size}`,
          "content-length": String(end - start + 1),
        },
        body,
      };
    }
    const body = await ctx.storage.get(row.storage_key);
    return { status: 200, headers: { ...headers, "content-length": String(size) }, body };
  } catch (err) {
    if (err instanceof StorageNotFoundError) {
      ctx.logger.error({ mediaId: id, key: row.storage_key }, "media row without its stored object");
      throw notFound("media");
    }
    throw err;
  }
}

/**
 * Deletes a file no exercise uses: a published version never changes and students may be taking it, and a draft
 * that refers to a missing file could no longer be saved. The teacher is told which exercises to change first.
 * Soft-deletes the row, then removes the object (a leftover object is harmless; a dangling row is not).
 */
export async function deleteMedia(ctx: AppContext, organizationId: string, id: string) {
  const row = await repo.findMedia(ctx.database.db, organizationId, id);
  if (!row) throw notFound("media");
  const users = await repo.exercisesUsingMedia(ctx.database.db, organizationId, id);
  if (users.length) {
    const names = users.map((e) => `“${e.title}”`).join(", ");
    throw conflict(
      "media_in_use",
      `This file is used by ${users.length === 10 ? "10 or more exercises" : `${users.length} exercise(s)`}: ${names}. Remove it from them first.`,
      users.map((e) => ({ exerciseId: e.id, title: e.title })),
    );
  }
  if (!(await repo.markDeleted(ctx.database.db, organizationId, id))) throw notFound("media");
  try {
    await ctx.storage.delete(row.storage_key);
  } catch (err) {
    ctx.logger.warn({ err, mediaId: id, key: row.storage_key }, "could not remove a deleted media object");
  }
}
