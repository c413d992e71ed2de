/**
 * The zip container: what we write is read by an implementation we did not write (Python's zipfile, which checks
 * every CRC), and what we read is bounded — a bomb stops at the limit, paths cannot leave the archive.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crc32, readZip, writeZip, ZipError } from "./zip.ts";

const python = spawnSync("python3", ["--version"]).status === 0;
const required = process.env.REQUIRE_SERVICES === "1";

const entries = [
  { path: "imsmanifest.xml", data: Buffer.from("<manifest/>".repeat(50)) },
  { path: "items/é-1.xml", data: Buffer.from("<assessmentItem/>") },
  { path: "media/x.bin", data: Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 31) % 256)) },
];

describe("zip", () => {
  it("crc32 matches the published check value", () => {
    // The CRC-32 (ISO-HDLC) check value of "123456789" is 0xCBF43926 (the catalogue of parametrised CRCs).
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("reads back what it writes, byte for byte, and the same input gives the same bytes", () => {
    const zip = writeZip(entries);
    expect(writeZip(entries).equals(zip)).toBe(true);
    const back = readZip(zip);
    expect(back.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    for (const [i, e] of back.entries()) expect(Buffer.from(e.data).equals(entries[i]?.data as Buffer)).toBe(true);
  });

  it.skipIf(!python && !required)("is read by Python's zipfile, every CRC checked", () => {
    const dir = mkdtempSync(join(tmpdir(), "zip-"));
    try {
      writeFileSync(join(dir, "a.zip"), writeZip(entries));
      const script =
        "import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps([[i.filename, len(z.read(i))] for i in z.infolist()]))";
      const out = spawnSync("python3", ["-c", script, join(dir, "a.zip")], { encoding: "utf8" });
      expect(out.status, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual(entries.map((e) => [e.path, e.data.length]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a bomb: an entry larger than the limit, whatever its header says", () => {
    const big = { path: "big.xml", data: Buffer.alloc(2 * 1024 * 1024, 32) };
    const zip = writeZip([big]);
    expect(zip.length).toBeLessThan(10_000);
    const limits = { maxEntries: 10, maxTotalBytes: 1024 * 1024, maxEntryBytes: 1024 * 1024 };
    expect(() => readZip(zip, () => true, limits)).toThrow(/larger than/);
    // A header that lies about the size is caught by the capped inflation.
    const lying = Buffer.from(zip);
    const cen = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(100, cen + 24);
    expect(() => readZip(lying, () => true, limits)).toThrow(ZipError);
  });

  it("refuses paths that leave the archive, and garbage", () => {
    const evil = writeZip([{ path: "../../etc/passwd", data: Buffer.from("x") }]);
    expect(() => readZip(evil)).toThrow(/unsafe path/);
    expect(() => readZip(Buffer.from("PK\u0003\u0004 not really a zip"))).toThrow(ZipError);
  });
});
