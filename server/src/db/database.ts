/**
 * Opens the database named by a URL: `sqlite:PATH` (embedded default), `postgres://…` or `mysql://…`. A read URL
 * (a replica) serves read-only queries; without one, reads use the primary.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from "kysely";
import { createPool as createMysqlPool } from "mysql2";
import pg from "pg";
import type { DB, Dialect } from "./types.ts";

export interface Database {
  dialect: Dialect;
  /** The primary: every write and every transaction. */
  db: Kysely<DB>;
  /** A replica for read-only queries that tolerate a little lag; the primary when none is configured. */
  read: Kysely<DB>;
  close(): Promise<void>;
}

export function dialectOf(url: string): Dialect {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  if (url.startsWith("mysql://") || url.startsWith("mariadb://")) return "mysql";
  return "sqlite";
}

export function sqlitePath(url: string): string {
  return url.replace(/^(sqlite:|file:)(\/\/)?/, "");
}

/** Told about connection errors that happen outside any query (a restarted server killing idle connections). */
export type PoolErrorHandler = (err: Error) => void;

function connect(url: string, poolSize: number, onPoolError: PoolErrorHandler): Kysely<DB> {
  const dialect = dialectOf(url);
  if (dialect === "postgres") {
    // int8 (COUNT, SUM of integers) would otherwise arrive as strings.
    pg.types.setTypeParser(20, (v) => Number(v));
    pg.types.setTypeParser(1700, (v) => Number(v));
    return new Kysely<DB>({
      dialect: new PostgresDialect({ pool: postgresPool(url, poolSize, onPoolError) }),
    });
  }
  if (dialect === "mysql") {
    const u = new URL(url.replace(/^mariadb:/, "mysql:"));
    const pool = createMysqlPool({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
      connectionLimit: poolSize,
      charset: "utf8mb4",
      timezone: "Z",
      dateStrings: true,
      supportBigNumbers: true,
      decimalNumbers: true,
    });
    // The item-statistics scan joins an attempt's scores with GROUP_CONCAT (dialect.ts, stringAgg), which MySQL
    // would silently cut at 1,024 bytes: 64 MiB is far above an attempt of 10,000 items.
    pool.on("connection", (conn) => {
      conn.query("SET SESSION group_concat_max_len = 67108864");
    });
    return new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
  }
  const path = sqlitePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * An idle pooled client whose connection dies (the server restarts, a failover, an administrator ends it) makes
 * the pool emit "error"; unhandled, that would crash the process. The pool drops the client and the next query
 * opens a new connection, so reporting it is enough.
 */
function postgresPool(url: string, max: number, onPoolError: PoolErrorHandler): pg.Pool {
  // A stopped or unreachable server fails a request in 5 s (answered 503) instead of holding it for the OS timeout.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  pool.on("error", onPoolError);
  // A client checked out but between queries (in a transaction, awaiting other work) has no pool listener: its
  // socket dying when the server stops would be an unhandled "error" event and end the process. The query in
  // flight or the next one fails instead (answered 503), and the pool drops the client on release.
  pool.on("connect", (client) => client.on("error", onPoolError));
  return pool;
}

/**
 * Kysely prepares every query afresh; on SQLite the preparation costs as much as running a small indexed query, so
 * statements are kept by their SQL text (queries are parameterized, so the set of texts is small and bounded).
 */
function withStatementCache(db: SQLite.Database, max = 1000): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  }) as typeof db.prepare;
  return db;
}

export function openDatabase(
  url: string,
  opts: { readUrl?: string; poolSize?: number; onPoolError?: PoolErrorHandler } = {},
): Database {
  const poolSize = opts.poolSize ?? 10;
  const onPoolError = opts.onPoolError ?? (() => {});
  const db = connect(url, poolSize, onPoolError);
  // SQLite has one writer and no replicas: a second handle would only add lock contention.
  const read = opts.readUrl && dialectOf(url) !== "sqlite" ? connect(opts.readUrl, poolSize, onPoolError) : db;
  return {
    dialect: dialectOf(url),
    db,
    read,
    async close() {
      if (read !== db) await read.destroy();
      await db.destroy();
    },
  };
}
