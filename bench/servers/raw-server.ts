/**
 * The baseline of `framework_overhead`: node:http doing what an authenticated organization route cannot avoid —
 * find the session cookie, SHA-256 it, look the session and the caller's role up with one prepared statement of
 * the driver (better-sqlite3, pg named statement, mysql2 `execute`), check expiry and membership, answer the same
 * JSON. BENCH_DATABASE_URL names the database the app's server made (same rows, same indexes).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import SQLite from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { dialectOf, sqlitePath } from "../../server/src/db/database.ts";

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error("BENCH_DATABASE_URL is required");
const dialect = dialectOf(url);
const SQL = (p: (n: number) => string) =>
  "select s.user_id, s.expires_at, m.role from sessions s left join memberships m " +
  `on m.user_id = s.user_id and m.organization_id = ${p(1)} where s.id = ${p(2)}`;
type Row = { user_id: string; expires_at: string; role: string | null } | undefined;

let lookup: (org: string, id: string) => Promise<Row> | Row;
if (dialect === "sqlite") {
  const db = new SQLite(sqlitePath(url));
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const stmt = db.prepare(SQL(() => "?"));
  lookup = (org, id) => stmt.get(org, id) as Row;
} else if (dialect === "postgres") {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = SQL((n) => `$${n}`);
  lookup = async (org, id) => (await pool.query({ name: "session_role", text, values: [org, id] })).rows[0];
} else {
  const pool = mysql.createPool({ uri: url, connectionLimit: 10, dateStrings: true });
  const text = SQL(() => "?");
  lookup = async (org, id) => ((await pool.execute(text, [org, id]))[0] as Row[])[0];
}

const COOKIE = "lc_session=";
const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
};

async function handle(req: IncomingMessage, res: ServerResponse) {
  // /api/v1/orgs/{org}/bench/ping
  const parts = (req.url ?? "").split("/");
  const org = parts[4];
  const header = req.headers.cookie ?? "";
  const at = header.indexOf(COOKIE);
  if (!org || at < 0) return send(res, 401, '{"error":{"code":"unauthorized"}}');
  const end = header.indexOf(";", at);
  const token = header.slice(at + COOKIE.length, end < 0 ? undefined : end);
  const row = await lookup(org, createHash("sha256").update(token).digest("hex"));
  if (!row || row.expires_at <= new Date().toISOString()) return send(res, 401, '{"error":{"code":"unauthorized"}}');
  if (!row.role) return send(res, 404, '{"error":{"code":"not_found"}}');
  send(res, 200, JSON.stringify({ ok: true, role: row.role }));
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, '{"error":{"code":"internal"}}'));
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("message", (m) => {
  if (m !== "cpu") return;
  const u = process.cpuUsage();
  process.send?.({ cpuMs: (u.user + u.system) / 1000 });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
