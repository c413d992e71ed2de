/** Opaque list cursors: base64url JSON of the last row's sort key. A forged cursor is a 400, never a 500. */
import { badRequest } from "./errors.ts";

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw badRequest("invalid_cursor", "The cursor is not valid; start from the first page.");
}

/** Fetches limit+1 rows to know whether there is a next page. */
export function page<R, K>(rows: R[], limit: number, keyOf: (row: R) => K): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(keyOf(kept[kept.length - 1] as R)) };
}
