/**
 * What an archive holds and how its parts are named (operations.md): `tables/<table>.jsonl`, `media/<key>`, and
 * `manifest.json` (written last, once the checksums of the parts are known; a restore reads the whole archive
 * before it writes anything, so the order costs nothing).
 */
import { readFileSync } from "node:fs";

/** Raised by every refusal of a backup or restore: the message is for the operator, as it is. */
export class BackupError extends Error {}

/** Format 1: this version's. A restore refuses a higher number. */
export const FORMAT_VERSION = 1;

export interface Manifest {
  format: number;
  product: { name: string; version: string };
  createdAt: string;
  organization: { id: string; name: string };
  /** Rows per table, and `mediaFiles`: the stored files. */
  counts: Record<string, number>;
  /** Every part but the manifest: its SHA-256 (hex) and size in bytes. */
  parts: Record<string, { sha256: string; bytes: number }>;
  /** Tables a restore does not bring (credentials, deployment-local state), with why. */
  notIncluded: Record<string, string>;
}

export function productVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export const tablePart = (table: string) => `tables/${table}.jsonl`;
export const mediaPart = (key: string) => `media/${key}`;
export const MANIFEST = "manifest.json";

/** A row as one line of JSON, columns in name order: two backups of the same rows are the same bytes. */
export function rowLine(row: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const column of Object.keys(row).sort()) sorted[column] = row[column] ?? null;
  return `${JSON.stringify(sorted)}\n`;
}

/** Splits a stream of bytes into lines (UTF-8 safe: a line ends at a newline byte, decoded whole). */
export async function* lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let nl = data.indexOf(10);
    while (nl !== -1) {
      yield data.subarray(0, nl).toString("utf8");
      data = data.subarray(nl + 1);
      nl = data.indexOf(10);
    }
    rest = Buffer.from(data);
  }
  if (rest.length) yield rest.toString("utf8");
}
