/**
 * What every migration shares: the untyped database handle they are given (they run before the typed schema
 * exists) and the engine they run on, for the few column types that differ.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import { dialectOfDb } from "../dialect.ts";
import type { Dialect } from "../types.ts";

/** Migrations describe the schema, not a typed use of it: no table types. */
export type AnyDb = Kysely<unknown>;

export type Engine = Dialect;

/** The engine the migration runs on (the same test the repositories use, `dialectOfDb`). */
export const engineOf: (db: AnyDb) => Engine = dialectOfDb;

/** A text column for values that outgrow MySQL's 64 KB TEXT (drafts, accumulators, snapshots). */
export function longText(db: AnyDb): RawBuilder<unknown> {
  return sql.raw(engineOf(db) === "mysql" ? "mediumtext" : "text");
}
