/**
 * What every migration shares: the untyped database handle they are given (they run before the typed schema
 * exists) and the engine they run on, for the few column types that differ.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import { dialectOfDb } from "../dialect.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema, not use it
export type AnyDb = Kysely<any>;

export type Engine = "sqlite" | "postgres" | "mysql";

export function engineOf(db: AnyDb): Engine {
  return dialectOfDb(db);
}

/** A text column for values that outgrow MySQL's 64 KB TEXT (drafts, accumulators, snapshots). */
export function longText(db: AnyDb): RawBuilder<unknown> {
  return sql.raw(engineOf(db) === "mysql" ? "mediumtext" : "text");
}
