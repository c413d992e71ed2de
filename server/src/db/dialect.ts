/**
 * Every piece of SQL that differs between SQLite, PostgreSQL and MySQL lives here, so repositories stay portable.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Dialect, Executor } from "./types.ts";

/** True when an error is a unique-constraint violation on any engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return (
    e?.code === "23505" || // PostgreSQL
    e?.code === "ER_DUP_ENTRY" || // MySQL / MariaDB
    e?.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** Case-insensitive LIKE on every engine (MySQL's default collations already ignore case). */
export function ilike(dialect: Dialect, column: Expression<unknown>, pattern: string): RawBuilder<SqlBool> {
  if (dialect === "postgres") return sql<SqlBool>`${column} ILIKE ${pattern}`;
  return sql<SqlBool>`lower(${column}) LIKE lower(${pattern})`;
}

/** Escapes LIKE wildcards in user input. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Takes a named lock for the duration of the transaction on engines that have one (PostgreSQL advisory lock,
 * MySQL named lock is session-scoped so we use a row in `locks` instead where needed). SQLite serializes writers.
 */
export async function lockForUpdate(dialect: Dialect, trx: Executor, key: string): Promise<void> {
  if (dialect === "postgres") await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}
