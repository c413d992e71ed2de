/**
 * ZIP archives, the one writer and reader of the product: QTI content packages (written and read) and a person's
 * data export (written). Writing deflates each entry in memory, which fits both: packages and exports are kilobytes
 * to a few megabytes (an organization's backup, which can be gigabytes, is a streamed tar instead). Reading has
 * limits, since packages come from other systems — bounded entry count, bounded total and per-entry uncompressed
 * size (a zip bomb stops at the limit, inflation is capped, not trusted from the headers), no paths escaping the
 * archive. Node's zlib does the
 * DEFLATE; the container format (PKWARE APPNOTE 6.3.x, sections 4.3–4.4) is small enough to write here.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  path: string;
  data: Uint8Array;
}

/** A fixed timestamp (1980-01-01, DOS time zero): the same package gives the same bytes. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.path, "utf8");
    const raw = Buffer.from(e.data);
    const deflated = deflateRawSync(raw);
    const stored = deflated.length >= raw.length;
    const body = stored ? raw : deflated;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(stored ? 0 : 8, 10);
    cen.writeUInt16LE(0, 12);
    cen.writeUInt16LE(DOS_DATE, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(raw.length, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    central.push(cen, name);
    offset += 30 + name.length + body.length;
  }
  const cenSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cenSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

export class ZipError extends Error {}

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntryBytes: 16 * 1024 * 1024,
};

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Reads the entries `want` accepts (by path); directories are skipped. Throws ZipError on anything malformed. */
export function readZip(
  input: Uint8Array,
  want: (path: string) => boolean = () => true,
  limits = DEFAULT_ZIP_LIMITS,
): ZipEntry[] {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("not a zip archive (no end of central directory)");
  const count = buf.readUInt16LE(eocd + 10);
  const cenSize = buf.readUInt32LE(eocd + 12);
  const cenOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cenOffset === 0xffffffff) throw new ZipError("ZIP64 archives are not supported");
  if (count > limits.maxEntries) throw new ZipError(`the archive has more than ${limits.maxEntries} files`);
  if (cenOffset + cenSize > buf.length) throw new ZipError("the archive is truncated");
  const out: ZipEntry[] = [];
  let total = 0;
  let p = cenOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new ZipError("the archive's directory is damaged");
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const path = buf.toString("utf8", p + 46, p + 46 + nameLen).replace(/\\/g, "/");
    p += 46 + nameLen + extraLen + commentLen;
    if (path.endsWith("/")) continue;
    if (path.startsWith("/") || path.split("/").includes(".."))
      throw new ZipError(`unsafe path in the archive: ${path}`);
    if (!want(path)) continue;
    if (flags & 1) throw new ZipError(`${path} is encrypted`);
    if (size > limits.maxEntryBytes) throw new ZipError(`${path} is larger than ${limits.maxEntryBytes} bytes`);
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50)
      throw new ZipError(`${path}: damaged entry`);
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compressed > buf.length) throw new ZipError(`${path}: the archive is truncated`);
    const body = buf.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = Buffer.from(body);
    else if (method === 8) {
      try {
        // Capped by the declared size (and the entry limit): a lying header cannot inflate past it.
        data = inflateRawSync(body, { maxOutputLength: Math.min(limits.maxEntryBytes, size) || 1 });
      } catch {
        throw new ZipError(`${path}: damaged or larger than it says`);
      }
    } else throw new ZipError(`${path}: compression method ${method} is not supported`);
    if (data.length !== size || crc32(data) !== buf.readUInt32LE(p - (46 + nameLen + extraLen + commentLen) + 16)) {
      throw new ZipError(`${path}: damaged (size or checksum)`);
    }
    total += data.length;
    if (total > limits.maxTotalBytes)
      throw new ZipError(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`);
    out.push({ path, data });
  }
  return out;
}
