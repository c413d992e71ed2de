/**
 * HTTP byte ranges (RFC 9110 §14) for one range. A malformed or multi-range header is ignored and the whole file
 * is sent, as the RFC allows; a well-formed range that lies outside the file is unsatisfiable (416).
 */
import type { ByteRange } from "../../infra/storage/storage.ts";

export type RangeResult = { kind: "full" } | { kind: "partial"; range: ByteRange } | { kind: "unsatisfiable" };

const ONE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: "full" };
  const m = ONE_RANGE.exec(header.trim().replace(/\s+/g, ""));
  if (!m) return { kind: "full" };
  const [, first, last] = m as unknown as [string, string, string];
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    // Suffix: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", range: { start: Math.max(0, size - n), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Number(last);
  return { kind: "partial", range: { start, end: Math.min(end, size - 1) } };
}
