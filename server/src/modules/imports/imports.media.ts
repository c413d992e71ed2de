/**
 * A QTI package's media files on their way in: checked and stored when the upload is accepted (the runner reads
 * only the source text), made the organization's media rows with the exercise, removed when nothing takes them.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { AppContext } from "../../context.ts";
import { newStorageKey } from "../../infra/storage/storage.ts";
import { newId } from "../../lib/ids.ts";
import { safeFilename } from "../media/disposition.ts";
import { detectMedia } from "../media/media.service.ts";

/** A media file of a package, stored before the import runs; its `media` row is made with the exercise. */
export interface StagedMedia {
  /** Its path in the package (QTI), or `<question position>/<name>` (Moodle XML). */
  path: string;
  mediaId: string;
  storageKey: string;
  contentType: string;
  size: number;
  sha256: string;
  filename: string;
}

/**
 * The package's media files, each checked as an upload is: its type from its own bytes (the same allow-list),
 * at most UPLOAD_MAX_BYTES; each stored under a key the server makes (never the entry's path; the zip reader
 * already refused absolute and `..` paths). Files that fail a check are not stored; an item that refers to one
 * is imported without it, and the import's warnings say so. Files in `__MACOSX/` and dot files are skipped.
 */
export async function storePackageMedia(
  ctx: AppContext,
  organizationId: string,
  others: { path: string; data: Uint8Array }[],
): Promise<StagedMedia[]> {
  const staged: StagedMedia[] = [];
  try {
    for (const e of others) {
      const name = e.path.split("/").at(-1) ?? "";
      if (e.path.startsWith("__MACOSX/") || name.startsWith(".") || e.data.length === 0) continue;
      if (e.data.length > ctx.config.UPLOAD_MAX_BYTES) continue;
      const type = await detectMedia(e.data);
      if (!type) continue;
      const storageKey = newStorageKey("media", organizationId);
      await ctx.storage.put(storageKey, Readable.from([Buffer.from(e.data)]), type.contentType);
      staged.push({
        path: e.path,
        mediaId: newId(),
        storageKey,
        contentType: type.contentType,
        size: e.data.length,
        sha256: createHash("sha256").update(e.data).digest("hex"),
        filename: safeFilename(name, `file.${type.ext}`).slice(0, 255),
      });
    }
  } catch (err) {
    await discardStaged(ctx, staged);
    throw err;
  }
  return staged;
}

/** Removes stored package files no exercise took (a failed import, files no item referred to). */
export async function discardStaged(ctx: AppContext, staged: { storageKey: string }[]) {
  for (const m of staged) {
    await ctx.storage.delete(m.storageKey).catch((err) => {
      ctx.logger.warn({ err, key: m.storageKey }, "could not remove an imported file no exercise uses");
    });
  }
}
