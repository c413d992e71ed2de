/**
 * A query built and compiled once, then run with new values. Kysely builds an immutable tree and compiles it to
 * SQL on every call; for the few queries every request runs (the caller's session and membership) that was as
 * costly as the query itself. The SQL text is fixed at boot, so SQLite's statement cache and the servers' plan
 * caches see one statement.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from "kysely";

const SENTINEL = "\u0000prepared:";

/**
 * `build` receives a placeholder for each named value and must use it as a plain bound value (not in a raw SQL
 * fragment or an IN list): compilation finds the placeholders among the parameters and later calls put the real
 * values in their places.
 */
export function prepareQuery<DB, K extends string, R>(
  db: Kysely<DB>,
  names: readonly K[],
  build: (db: Kysely<DB>, values: Record<K, string>) => Compilable<R>,
): (values: Record<K, unknown>) => Promise<R[]> {
  const placeholders = Object.fromEntries(names.map((n) => [n, `${SENTINEL}${n}`])) as Record<K, string>;
  const compiled = build(db, placeholders).compile();
  const slots = compiled.parameters.map((p) =>
    typeof p === "string" && p.startsWith(SENTINEL) ? (p.slice(SENTINEL.length) as K) : null,
  );
  for (const n of names) {
    if (!slots.includes(n)) throw new Error(`prepareQuery: the value ${n} is not a bound parameter of the query`);
  }
  return async (values) => {
    const parameters = slots.map((slot, i) => (slot === null ? compiled.parameters[i] : values[slot]));
    const result = await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows as R[];
  };
}

interface Slots<K extends string> {
  sql: string;
  parameters: readonly unknown[];
  slots: (K | null)[];
}

function compileSlots<K extends string>(query: Compilable<unknown>, names: readonly K[]): Slots<K> {
  const compiled = query.compile();
  const slots = compiled.parameters.map((p) =>
    typeof p === "string" && p.startsWith(SENTINEL) ? (p.slice(SENTINEL.length) as K) : null,
  );
  for (const n of names) {
    if (!slots.includes(n)) throw new Error(`prepareStatement: the value ${n} is not a bound parameter of the query`);
  }
  return { sql: compiled.sql, parameters: compiled.parameters, slots };
}

/**
 * `prepareQuery` for repositories, whose functions take the database or a transaction: compiled on first use for
 * each engine (the SQL text depends only on the dialect, which a transaction shares with its database), then run
 * on whatever executor the call gets. Returns Kysely's raw result (`rows`, `numAffectedRows`).
 */
export function prepareStatement<DB, K extends string, R>(
  names: readonly K[],
  build: (db: Kysely<DB>, values: Record<K, string>) => Compilable<R>,
): (db: Kysely<DB>, values: Record<K, unknown>) => Promise<QueryResult<R>> {
  const placeholders = Object.fromEntries(names.map((n) => [n, `${SENTINEL}${n}`])) as Record<K, string>;
  const byAdapter = new WeakMap<object, Slots<K>>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      c = compileSlots(build(db, placeholders), names);
      byAdapter.set(adapter, c);
    }
    const { parameters } = c;
    const bound = c.slots.map((slot, i) => (slot === null ? parameters[i] : values[slot]));
    return db.executeQuery<R>(CompiledQuery.raw(c.sql, bound));
  };
}

/** Rows per INSERT: 100 rows of a wide table stay far below every engine's limit of bound parameters. */
const INSERT_CHUNK = 100;

/**
 * A multi-row INSERT whose SQL is built once per engine and row count, then bound with each call's rows: Kysely's
 * building and compiling of 20 rows × 24 columns cost more than SQLite's insert itself. Every row must have
 * exactly `columns` (a missing value is bound as NULL).
 */
export function prepareInsert<DB, T extends keyof DB & string>(
  table: T,
  columns: readonly (keyof DB[T] & string)[],
): (db: Kysely<DB>, rows: readonly Partial<Record<keyof DB[T] & string, unknown>>[]) => Promise<void> {
  const byAdapter = new WeakMap<object, Map<number, string>>();
  const sqlFor = (db: Kysely<DB>, n: number) => {
    const adapter = db.getExecutor().adapter;
    let texts = byAdapter.get(adapter);
    if (!texts) byAdapter.set(adapter, (texts = new Map()));
    let text = texts.get(n);
    if (!text) {
      const row = Object.fromEntries(columns.map((c) => [c, null]));
      const compiled = db
        .insertInto(table)
        .values(Array.from({ length: n }, () => row) as never)
        .compile();
      if (compiled.parameters.length !== n * columns.length) {
        throw new Error(`prepareInsert: ${table} compiled to ${compiled.parameters.length} parameters`);
      }
      text = compiled.sql;
      texts.set(n, text);
    }
    return text;
  };
  return async (db, rows) => {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const parameters: unknown[] = [];
      for (const r of chunk) for (const c of columns) parameters.push(r[c] ?? null);
      await db.executeQuery(CompiledQuery.raw(sqlFor(db, chunk.length), parameters));
    }
  };
}
