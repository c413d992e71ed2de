/**
 * A query built and compiled once, then run with new values. Kysely builds an immutable tree and compiles it to
 * SQL on every call; for the few queries every request runs (the caller's session and membership) that was as
 * costly as the query itself. The SQL text is fixed at boot, so SQLite's statement cache and the servers' plan
 * caches see one statement.
 */
import { type Compilable, CompiledQuery, type Kysely } from "kysely";

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
