/**
 * Every piece of SQL that differs between SQLite, PostgreSQL and MySQL lives here, so repositories stay portable.
 */
import { type InsertQueryBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { DB, Dialect } from "./types.ts";

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

/** True when an error is a foreign-key violation (a referenced row still referred to) on any engine. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === "23503" || e?.code === "ER_ROW_IS_REFERENCED_2" || e?.code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

/** The words of a search box: letters and digits only, so no engine's query syntax can be injected. */
export function searchWords(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** InnoDB's default full-text stopwords (information_schema.INNODB_FT_DEFAULT_STOPWORD). */
const INNODB_STOPWORDS = new Set(
  "a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www".split(
    " ",
  ),
);

/**
 * Full-text match of every word (as a prefix) of `query` against `exercises.search_text`, through each engine's
 * index: SQLite's FTS5 table `exercises_fts`, PostgreSQL's GIN index on to_tsvector('simple', …) (the expression
 * must stay identical to the index's), MySQL's FULLTEXT index. Null when the query has no words.
 */
export function exerciseTextMatch(dialect: Dialect, query: string): RawBuilder<SqlBool> | null {
  const words = searchWords(query);
  if (!words.length) return null;
  if (dialect === "postgres") {
    const tsquery = words.map((w) => `${w}:*`).join(" & ");
    return sql<SqlBool>`to_tsvector('simple', exercises.search_text) @@ to_tsquery('simple', ${tsquery})`;
  }
  if (dialect === "mysql") {
    // InnoDB does not index its stopwords, so a required stopword (`+the*`) would match nothing: leave them out.
    const indexed = words.filter((w) => !INNODB_STOPWORDS.has(w));
    if (!indexed.length) return sql<SqlBool>`1 = 1`;
    const boolean = indexed.map((w) => `+${w}*`).join(" ");
    return sql<SqlBool>`match(exercises.search_text) against (${boolean} in boolean mode)`;
  }
  const fts = words.map((w) => `"${w}"*`).join(" ");
  return sql<SqlBool>`exercises.rowid in (select rowid from exercises_fts where exercises_fts match ${fts})`;
}

/** Inserts rows, skipping those that collide with a unique key (MySQL's collations call more strings equal). */
export function insertIgnoringDuplicates<TB extends keyof DB, O>(
  dialect: Dialect,
  query: InsertQueryBuilder<DB, TB, O>,
): InsertQueryBuilder<DB, TB, O> {
  return dialect === "mysql" ? query.ignore() : query.onConflict((oc) => oc.doNothing());
}

/**
 * Adds `FOR UPDATE` (a row lock held until the transaction ends) on PostgreSQL and MySQL; SQLite has no row locks
 * and needs none, since its one connection runs one transaction at a time.
 */
export function selectForUpdate<Q extends { forUpdate(): Q }>(dialect: Dialect, query: Q): Q {
  return dialect === "sqlite" ? query : query.forUpdate();
}

/** The engine behind a Kysely handle (a transaction included). */
export function dialectOfDb(db: Pick<Kysely<unknown>, "getExecutor">): Dialect {
  const adapter = db.getExecutor().adapter.constructor.name;
  if (adapter.startsWith("Postgres")) return "postgres";
  if (adapter.startsWith("Mysql")) return "mysql";
  return "sqlite";
}

/**
 * The group's values joined with commas (order not guaranteed). MySQL cuts GROUP_CONCAT at
 * `group_concat_max_len`, which database.ts raises on every connection.
 */
export function stringAgg(dialect: Dialect, value: RawBuilder<unknown>): RawBuilder<string> {
  if (dialect === "postgres") return sql<string>`string_agg(${value}, ',')`;
  if (dialect === "mysql") return sql<string>`group_concat(${value} separator ',')`;
  return sql<string>`group_concat(${value}, ',')`;
}
