/**
 * Files on the local disk. A write goes to a temporary file in the same file system and is renamed into place
 * once complete, so a reader never sees half a file and a failed upload leaves nothing behind.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertKey, type ByteRange, type Storage, StorageNotFoundError } from "./storage.ts";

export class LocalStorage implements Storage {
  readonly kind = "local";
  private readonly root: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tmp = join(this.root, ".tmp");
  }

  /** The file of a key. Keys are checked by pattern, and the result must stay under the root all the same. */
  private pathOf(key: string): string {
    assertKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }

  async put(key: string, body: Readable, _contentType: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(this.tmp, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const temp = join(this.tmp, `${randomBytes(12).toString("hex")}.part`);
    try {
      await pipeline(body, createWriteStream(temp, { flags: "wx", mode: 0o640 }));
      // Durable before it becomes visible: the database row that points at it is written after this returns.
      const handle = await open(temp, "r");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
    // Surface "no such file" as a rejection here rather than as a stream error after headers are sent.
    await new Promise<void>((ok, fail) => {
      stream.once("open", () => ok());
      stream.once("error", (err: NodeJS.ErrnoException) =>
        fail(err.code === "ENOENT" ? new StorageNotFoundError(key) : err),
      );
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {}
}
