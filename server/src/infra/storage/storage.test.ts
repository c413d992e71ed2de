/** One contract, both adapters: the local disk and S3 (against s3rver, a real S3-protocol server). */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type TestS3 } from "../../../test/s3rver.ts";
import { LocalStorage } from "./local-storage.ts";
import { S3Storage } from "./s3-storage.ts";
import { assertKey, newStorageKey, type Storage, StorageNotFoundError } from "./storage.ts";

/** Every byte value, several times, in odd-sized chunks so that chunk boundaries fall anywhere. */
function allBytes(repeat = 3): Buffer {
  const one = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  return Buffer.concat(Array.from({ length: repeat }, () => one));
}
function chunked(buf: Buffer, size = 97): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

type Maker = { name: string; make(): Promise<{ storage: Storage; dir?: string; done(): Promise<void> }> };

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3("contract");
});
afterAll(async () => s3?.close());

const adapters: Maker[] = [
  {
    name: "local",
    async make() {
      const dir = mkdtempSync(join(tmpdir(), "lc-files-"));
      return { storage: new LocalStorage(dir), dir, done: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "s3",
    async make() {
      const storage = new S3Storage({
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      });
      return { storage, done: () => storage.close() };
    },
  },
];

describe.each(adapters)("storage adapter $name", (adapter) => {
  let storage: Storage;
  let dir: string | undefined;
  let done: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, dir, done } = await adapter.make());
  });
  afterAll(async () => done?.());

  it("round-trips every byte value exactly", async () => {
    const data = allBytes();
    const key = newStorageKey("org-1");
    await storage.put(key, chunked(data), "application/octet-stream");
    expect((await buffer(await storage.get(key))).equals(data)).toBe(true);
  });

  it("reads an inclusive byte range", async () => {
    const data = allBytes();
    const key = newStorageKey("org-1");
    await storage.put(key, chunked(data), "application/octet-stream");
    expect([...(await buffer(await storage.get(key, { start: 250, end: 261 })))]).toEqual([
      250, 251, 252, 253, 254, 255, 0, 1, 2, 3, 4, 5,
    ]);
    expect((await buffer(await storage.get(key, { start: 0, end: 0 }))).length).toBe(1);
  });

  it("stores an object larger than one upload part", async () => {
    const data = Buffer.alloc(9 * 1024 * 1024 + 13);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 256;
    const key = newStorageKey("org-1");
    await storage.put(key, chunked(data, 64 * 1024), "application/octet-stream");
    expect((await buffer(await storage.get(key))).equals(data)).toBe(true);
  });

  it("deletes, and says not found afterwards", async () => {
    const key = newStorageKey("org-1");
    await storage.put(key, Readable.from([Buffer.from("x")]), "text/plain");
    await storage.delete(key);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
    await storage.delete(key); // twice is fine
  });

  it("leaves nothing behind when the upload stream fails", async () => {
    const key = newStorageKey("org-1");
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(new Error("client went away"));
      },
    });
    await expect(storage.put(key, failing, "application/octet-stream")).rejects.toThrow();
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
    if (dir) expect(readdirSync(join(dir, ".tmp"))).toEqual([]);
  });

  it("refuses keys that could name a path outside its root", async () => {
    for (const bad of ["../etc/passwd", "org/../../x", "/abs/key", "org\\x", "org/", "ORG/x", "a/b/c/d/e"]) {
      expect(() => assertKey(bad), bad).toThrow();
      await expect(storage.get(bad)).rejects.toThrow(/invalid storage key/);
    }
  });
});
