/**
 * The few parts of POSIX tar (ustar) a backup needs, written here so that an archive streams in and out with
 * constant memory: regular files only, names up to 255 bytes (ustar's prefix + name), sizes below 8 GiB.
 * `tar tzf` and any other tar tool read the result.
 */
import { createHash } from "node:crypto";
import type { Readable, Writable } from "node:stream";

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(name: string, size: number, mtime: Date): Buffer {
  const b = Buffer.alloc(BLOCK);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar: name too long: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  if (size >= 8 ** 11) throw new Error(`tar: ${name} is larger than 8 GiB`);
  b.write(base, 0, 100, "utf8");
  b.write(octal(0o644, 8), 100, "ascii");
  b.write(octal(0, 8), 108, "ascii");
  b.write(octal(0, 8), 116, "ascii");
  b.write(octal(size, 12), 124, "ascii");
  b.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, "ascii");
  b.write("        ", 148, "ascii");
  b.write("0", 156, "ascii");
  b.write("ustar\u000000", 257, "ascii");
  b.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return b;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        out.off("error", onError);
        resolve();
      };
      const onError = (err: Error) => {
        out.off("drain", onDrain);
        reject(err);
      };
      out.once("drain", onDrain);
      out.once("error", onError);
    });
  }
}

/** Writes entries one after another into `out` (backpressure respected); `end()` writes the closing blocks. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  /**
   * An entry of exactly `size` bytes from `body`; a body of another length is an error (the header said so).
   * Returns the SHA-256 (hex) of the bytes written.
   */
  async entry(name: string, size: number, body: Readable | Buffer, mtime = new Date(0)): Promise<string> {
    await write(this.out, header(name, size, mtime));
    const hash = createHash("sha256");
    let written = 0;
    if (Buffer.isBuffer(body)) {
      hash.update(body);
      await write(this.out, body);
      written = body.length;
    } else {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        hash.update(buf);
        written += buf.length;
        if (written > size) throw new Error(`tar: ${name} is longer than its ${size} bytes`);
        await write(this.out, buf);
      }
    }
    if (written !== size) throw new Error(`tar: ${name} has ${written} bytes, not ${size}`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await write(this.out, ZEROS.subarray(0, pad));
    return hash.digest("hex");
  }

  async end(): Promise<void> {
    await write(this.out, ZEROS);
    this.out.end();
  }
}

/** Exactly-n-bytes reads over a stream of chunks, without holding more than one chunk beyond what is asked. */
class ByteReader {
  private pending: Buffer[] = [];
  private available = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(n: number): Promise<void> {
    while (this.available < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else {
        this.pending.push(next.value);
        this.available += next.value.length;
      }
    }
  }

  /** Up to `max` bytes (fewer only at the end of the stream, or when a chunk boundary comes first and `whole` is false). */
  async read(max: number, whole = true): Promise<Buffer> {
    await this.fill(whole ? max : 1);
    const parts: Buffer[] = [];
    let need = Math.min(max, this.available);
    while (need > 0) {
      const head = this.pending[0] as Buffer;
      if (head.length <= need) {
        parts.push(head);
        this.pending.shift();
        need -= head.length;
        this.available -= head.length;
      } else {
        parts.push(head.subarray(0, need));
        this.pending[0] = head.subarray(need);
        this.available -= need;
        need = 0;
      }
      if (!whole) break;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; must be consumed (or `skip`ped) before the next entry is asked for. */
  body: AsyncGenerator<Buffer>;
}

export class TarFormatError extends Error {}

function parseOctal(b: Buffer): number {
  const text = b.toString("ascii").replace(/\0.*$/s, "").trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError("not a tar archive (bad number in a header)");
  return text ? Number.parseInt(text, 8) : 0;
}

/** The entries of a tar stream, in order. Truncation and bad headers are TarFormatErrors. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  for (;;) {
    const h = await reader.read(BLOCK);
    if (h.length < BLOCK) throw new TarFormatError("the archive is truncated (it ends inside a header)");
    if (h.every((byte) => byte === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
    if (sum !== parseOctal(h.subarray(148, 156)))
      throw new TarFormatError("a header's checksum is wrong (damaged archive)");
    const base = h.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const prefix = h.subarray(345, 500).toString("utf8").replace(/\0.*$/s, "");
    const name = prefix ? `${prefix}/${base}` : base;
    const size = parseOctal(h.subarray(124, 136));
    let left = size;
    let consumed = false;
    const body = (async function* () {
      while (left > 0) {
        const chunk = await reader.read(Math.min(left, 1 << 20), false);
        if (chunk.length === 0) throw new TarFormatError(`the archive is truncated (inside ${name})`);
        left -= chunk.length;
        yield chunk;
      }
      consumed = true;
    })();
    yield { name, size, body };
    if (!consumed) for await (const _ of body);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad && (await reader.read(pad)).length < pad) throw new TarFormatError("the archive is truncated");
  }
}
