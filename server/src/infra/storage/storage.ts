/**
 * Where uploaded files live. Two adapters behind one interface, chosen at boot: the local disk under
 * `DATA_DIR/files` (the embedded default) or any S3-compatible service when `S3_BUCKET` is set. Keys are made by
 * the server (`newStorageKey`), never taken from user input, so no request can name a path.
 */
import type { Readable } from "node:stream";
import { newId } from "../../lib/ids.ts";

/** Inclusive byte range, as HTTP's `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface Storage {
  readonly kind: "local" | "s3";
  /** Stores the whole stream under `key`; the object exists (complete) only once this resolves. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** The object's bytes, or the range of them. Throws StorageNotFoundError when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export class StorageNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored object ${key}`);
    this.name = "StorageNotFoundError";
  }
}

/** Keys are `<prefix>/<uuid>`: safe as a relative path on every file system and as an S3 key. */
export const STORAGE_KEY = /^[a-z0-9][a-z0-9-]{0,63}(\/[a-z0-9][a-z0-9-]{0,63}){1,3}$/;

export function newStorageKey(...prefix: string[]): string {
  const key = [...prefix, newId()].join("/");
  assertKey(key);
  return key;
}

export function assertKey(key: string): void {
  if (!STORAGE_KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}
