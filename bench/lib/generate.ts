/**
 * Bench data straight into SQL: a fresh database per run and one assignment with many submitted attempts and their
 * graded responses. SQLite goes through one better-sqlite3 transaction of prepared statements (a million rows in
 * seconds); PostgreSQL and MySQL through multi-row INSERTs.
 *
 * Scores follow a simple Rasch-like model (student ability against item difficulty), so the figures look like a real
 * test's and the recompute does the same work it would in production.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { loadConfig } from "../../server/src/config.ts";
import { type AppContext, createContext } from "../../server/src/context.ts";
import { sqlitePath } from "../../server/src/db/database.ts";
import { migrateToLatest } from "../../server/src/db/migrate.ts";
import type { Dialect } from "../../server/src/db/types.ts";

export interface BenchDatabase {
  url: string;
  ctx: AppContext;
  close(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database of the engine (BENCH_*_URL, else TEST_*_URL, names the server to use). */
export async function openBenchDatabase(engine: Dialect): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "lc-bench-"));
  const name = `lc_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  let url = `sqlite:${join(dataDir, "bench.sqlite")}`;
  let drop = async () => {};
  if (engine === "postgres") {
    const admin = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
    if (!admin) throw new Error("set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL)");
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    url = withDatabase(admin, name);
    drop = async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    };
  } else if (engine === "mysql") {
    const admin = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL;
    if (!admin) throw new Error("set BENCH_MYSQL_URL (or TEST_MYSQL_URL)");
    const c = await mysql.createConnection(admin);
    await c.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    url = withDatabase(admin, name);
    drop = async () => {
      const d = await mysql.createConnection(admin);
      await d.query(`DROP DATABASE IF EXISTS ${name}`);
      await d.end();
    };
  }
  const config = loadConfig({ NODE_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: url, LOG_LEVEL: "silent" });
  const ctx = createContext(config);
  await migrateToLatest(ctx.database.db);
  return {
    url,
    ctx,
    async close() {
      await ctx.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface GeneratedAssignment {
  orgId: string;
  assignmentId: string;
  attempts: number;
  responses: number;
  seconds: number;
}

type Row = Record<string, string | number | null>;

/** Writes rows table by table; SQLite through one prepared statement per table, others in multi-row batches. */
async function writer(db: BenchDatabase) {
  const { dialect } = db.ctx.database;
  if (dialect === "sqlite") {
    const raw = new SQLite(sqlitePath(db.url));
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = OFF");
    const stmts = new Map<string, SQLite.Statement>();
    raw.exec("BEGIN");
    return {
      async insert(table: string, rows: Row[]) {
        if (!rows.length) return;
        const cols = Object.keys(rows[0]!);
        let stmt = stmts.get(table);
        if (!stmt) {
          stmt = raw.prepare(`insert into ${table} (${cols.join(",")}) values (${cols.map(() => "?").join(",")})`);
          stmts.set(table, stmt);
        }
        for (const r of rows) stmt.run(cols.map((c) => r[c]));
      },
      async done() {
        raw.exec("COMMIT");
        raw.close();
      },
    };
  }
  // Multi-row inserts of 2,000 rows each (under every engine's bound-parameter limit).
  const kdb = db.ctx.database.db;
  return {
    async insert(table: string, rows: Row[]) {
      for (let k = 0; k < rows.length; k += 2000) {
        await kdb
          .insertInto(table as "responses")
          .values(rows.slice(k, k + 2000) as never)
          .execute();
      }
    },
    async done() {},
  };
}

/** An assignment of `items` short items (half multiple choice, half short answer) with `attempts` attempts. */
export async function generateAssignment(
  db: BenchDatabase,
  opts: { attempts: number; items: number; attemptsPerStudent?: number },
): Promise<GeneratedAssignment> {
  const started = performance.now();
  const w = await writer(db);
  const now = new Date().toISOString();
  const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(9, "0")}`;
  const orgId = id("org", 1);
  const classId = id("cls", 1);
  const assignmentId = id("asg", 1);
  const versionId = id("ver", 1);
  const perStudent = opts.attemptsPerStudent ?? 2;
  const studentCount = Math.ceil(opts.attempts / perStudent);
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };

  const items = Array.from({ length: opts.items }, (_, i) =>
    i % 2 === 0
      ? {
          id: `q${i + 1}`,
          type: "multiple_choice",
          prompt: `Question ${i + 1}`,
          points: 1,
          options: ["a", "b", "c", "d"].map((o, k) => ({ id: o, text: o, fraction: k === 0 ? 1 : 0 })),
        }
      : {
          id: `q${i + 1}`,
          type: "short_answer",
          prompt: `Question ${i + 1}`,
          points: 1,
          answers: [{ text: "went", fraction: 1 }],
        },
  );
  await w.insert("organizations", [{ id: orgId, name: "Bench School", created_at: now, updated_at: now }]);
  await w.insert("exercises", [
    {
      id: "exe-1",
      organization_id: orgId,
      title: "Bench",
      level: "B1",
      status: "published",
      draft: "{}",
      search_text: "bench",
      latest_version: 1,
      dirty: 0,
      item_count: items.length,
      created_by: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    },
  ]);
  const content = { title: "Bench", level: "B1", skills: ["grammar"], tags: [], items };
  await w.insert("exercise_versions", [
    {
      id: versionId,
      exercise_id: "exe-1",
      organization_id: orgId,
      version: 1,
      content: JSON.stringify(content),
      published_at: now,
      published_by: null,
    },
  ]);
  await w.insert("classes", [
    {
      id: classId,
      organization_id: orgId,
      name: "Bench",
      description: null,
      join_code: `B${Date.now()}`,
      created_by: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    },
  ]);
  await w.insert("assignments", [
    {
      id: assignmentId,
      organization_id: orgId,
      class_id: classId,
      exercise_id: "exe-1",
      exercise_version_id: versionId,
      exercise_version: 1,
      title: "Bench",
      opens_at: null,
      due_at: null,
      max_attempts: perStudent,
      feedback: "immediate",
      allow_late: 0,
      shuffle: 0,
      max_score: items.length,
      created_by: null,
      created_at: now,
      updated_at: now,
    },
  ]);
  const ability: number[] = [];
  const users: Row[] = [];
  for (let s = 0; s < studentCount; s++) {
    ability.push((random() - 0.5) * 4);
    users.push({
      id: id("usr", s),
      email: `s${s}@bench.example.org`,
      name: `Student ${s}`,
      password_hash: "x",
      created_at: now,
      updated_at: now,
    });
  }
  await w.insert("users", users);
  const difficulty = items.map(() => (random() - 0.5) * 3);
  const t0 = Date.UTC(2026, 0, 1);
  const CHUNK = 5_000;
  for (let a0 = 0; a0 < opts.attempts; a0 += CHUNK) {
    const attempts: Row[] = [];
    const responses: Row[] = [];
    for (let a = a0; a < Math.min(opts.attempts, a0 + CHUNK); a++) {
      const student = a % studentCount;
      const number = Math.floor(a / studentCount) + 1;
      const at = new Date(t0 + a * 1000).toISOString();
      const attemptId = id("att", a);
      let total = 0;
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        const p = 1 / (1 + Math.exp(difficulty[i]! - ability[student]!));
        const right = random() < p;
        const score = right ? 1 : 0;
        total += score;
        const mc = it.type === "multiple_choice";
        const text = right ? "went" : random() < 0.5 ? "goed" : "go";
        responses.push({
          id: id(`r${i}`, a),
          organization_id: orgId,
          attempt_id: attemptId,
          assignment_id: assignmentId,
          user_id: id("usr", student),
          item_id: it.id,
          item_type: it.type,
          response: mc ? `{"selected":["${right ? "a" : "bcd"[Math.floor(random() * 3)]}"]}` : `{"text":"${text}"}`,
          normalized_text: mc ? null : text,
          score,
          max_score: 1,
          status: right ? "correct" : "incorrect",
          parts: "[]",
          feedback: "[]",
          error_categories: right ? "[]" : mc ? '["wrong_option"]' : '["word_form"]',
          comment: null,
          rubric: null,
          graded_by: null,
          graded_at: null,
          created_at: at,
        });
      }
      attempts.push({
        id: attemptId,
        organization_id: orgId,
        assignment_id: assignmentId,
        class_id: classId,
        user_id: id("usr", student),
        number,
        status: "submitted",
        started_at: at,
        submitted_at: at,
        late: 0,
        score: total,
        max_score: items.length,
        pending_count: 0,
        time_on_task_seconds: 300,
        active_seconds: 300,
        updated_at: at,
      });
    }
    await w.insert("attempts", attempts);
    await w.insert("responses", responses);
  }
  await w.done();
  return {
    orgId,
    assignmentId,
    attempts: opts.attempts,
    responses: opts.attempts * items.length,
    seconds: (performance.now() - started) / 1000,
  };
}
