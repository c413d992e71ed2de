/**
 * Bench data straight into SQL: a fresh database per run; students with live sessions, open attempts, and submitted
 * attempts of the 20-item bench exercise (exercise.ts) with their graded responses. SQLite goes through one better-sqlite3 transaction of prepared statements (a million rows in
 * seconds); PostgreSQL and MySQL through multi-row INSERTs.
 *
 * Scores follow a simple Rasch-like model (student ability against item difficulty), so the figures look like a real
 * test's and the recompute does the same work it would in production.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalizedTextOf } from "@languagecloud/domain";
import SQLite from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { loadConfig } from "../../server/src/config.ts";
import { type AppContext, createContext } from "../../server/src/context.ts";
import { sqlitePath } from "../../server/src/db/database.ts";
import { migrateToLatest } from "../../server/src/db/migrate.ts";
import type { Dialect } from "../../server/src/db/types.ts";
import { hashToken, newToken } from "../../server/src/lib/tokens.ts";
import { SESSION_COOKIE } from "../../server/src/modules/identity/session.ts";
import { answerChoices, BENCH_ITEMS, benchExercise, gradedVariants, prng } from "./exercise.ts";

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

type Row = Record<string, string | number | null>;
export type Writer = Awaited<ReturnType<typeof writer>>;

/** Writes rows table by table; SQLite through one prepared statement per table, others in multi-row batches. */
export async function writer(db: BenchDatabase) {
  const { dialect } = db.ctx.database;
  if (dialect === "sqlite") {
    const raw = new SQLite(sqlitePath(db.url));
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = OFF");
    raw.pragma("busy_timeout = 5000");
    const stmts = new Map<string, SQLite.Statement>();
    raw.exec("BEGIN");
    return {
      async insert(table: string, rows: Row[]) {
        if (!rows.length) return;
        const cols = Object.keys(rows[0]!);
        const key = `${table}(${cols.join(",")})`;
        let stmt = stmts.get(key);
        if (!stmt) {
          stmt = raw.prepare(`insert into ${table} (${cols.join(",")}) values (${cols.map(() => "?").join(",")})`);
          stmts.set(key, stmt);
        }
        for (const r of rows) stmt.run(cols.map((c) => r[c]));
      },
      async done() {
        raw.exec("COMMIT");
        raw.close();
      },
    };
  }
  // Multi-row inserts of at most 30,000 bound values each (under every engine's limit of 65,535).
  const kdb = db.ctx.database.db;
  return {
    async insert(table: string, rows: Row[]) {
      if (!rows.length) return;
      const per = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]!).length));
      for (let k = 0; k < rows.length; k += per) {
        await kdb
          .insertInto(table as "responses")
          .values(rows.slice(k, k + per) as never)
          .execute();
      }
    },
    async done() {},
  };
}

const pad = (prefix: string, n: number) => `${prefix}-${String(n).padStart(9, "0")}`;

export interface BenchStudent {
  id: string;
  /** Logit ability: answers are right with probability 1 / (1 + e^(difficulty − ability)). */
  ability: number;
}

/**
 * Students in bulk: users, student memberships, enrolment in each class and, when `sessions`, a live session each
 * (the cookie value is returned; only its SHA-256 is stored, as the server does).
 */
export async function addStudents(
  db: BenchDatabase,
  o: { orgId: string; classIds: string[]; count: number; tag: string; sessions?: boolean; seed?: number },
): Promise<{ students: BenchStudent[]; cookies: string[] }> {
  const w = await writer(db);
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const random = prng(o.seed ?? 7);
  const students: BenchStudent[] = [];
  const cookies: string[] = [];
  const CHUNK = 5_000;
  for (let s0 = 0; s0 < o.count; s0 += CHUNK) {
    const users: Row[] = [];
    const members: Row[] = [];
    const enrolled: Row[] = [];
    const sessions: Row[] = [];
    for (let s = s0; s < Math.min(o.count, s0 + CHUNK); s++) {
      const id = pad(`u${o.tag}`, s);
      // Abilities roughly normal around 0.5 (sum of three uniforms).
      students.push({ id, ability: (random() + random() + random() - 1.5) * 2 + 0.5 });
      users.push({
        id,
        email: `${id}@bench.example.org`,
        name: `Student ${o.tag} ${s}`,
        password_hash: "x",
        created_at: now,
        updated_at: now,
      });
      members.push({ organization_id: o.orgId, user_id: id, role: "student", created_at: now });
      for (const classId of o.classIds)
        enrolled.push({ class_id: classId, organization_id: o.orgId, user_id: id, added_via: "code", created_at: now });
      if (o.sessions) {
        const token = newToken();
        cookies.push(`${SESSION_COOKIE}=${token}`);
        sessions.push({
          id: hashToken(token),
          user_id: id,
          created_at: now,
          expires_at: expires,
          ip: "127.0.0.1",
          user_agent: "bench",
        });
      }
    }
    await w.insert("users", users);
    await w.insert("memberships", members);
    await w.insert("class_students", enrolled);
    await w.insert("sessions", sessions);
  }
  await w.done();
  return { students, cookies };
}

/** Every (item, variant) graded once: bulk rows reuse these instead of grading a million answers. */
let graded: ReturnType<typeof gradedVariants> | undefined;

/**
 * Attempts in bulk. `submitted`: each with its 20 graded response rows (answers drawn from the student's ability,
 * the essay graded by a teacher); `in_progress`: open attempts waiting for their submit. Attempt k of a student has
 * number k. Returns the attempt ids in the order made (student-major within each round).
 */
export async function addAttempts(
  db: BenchDatabase,
  o: {
    orgId: string;
    classId: string;
    assignmentId: string;
    students: BenchStudent[];
    /** Attempts per student (rounds). */
    perStudent: number;
    status: "submitted" | "in_progress";
    /** Total attempts, if fewer than students × perStudent. */
    limit?: number;
    startMs?: number;
    seed?: number;
  },
): Promise<{ attemptIds: string[]; responses: number }> {
  graded ??= gradedVariants();
  const w = await writer(db);
  const random = prng(o.seed ?? 11);
  const t0 = o.startMs ?? Date.UTC(2026, 0, 1);
  const total = Math.min(o.limit ?? Number.POSITIVE_INFINITY, o.students.length * o.perStudent);
  const maxScore = BENCH_ITEMS.reduce((s, it) => s + (it.points ?? 1), 0);
  const essay = BENCH_ITEMS.findIndex((it) => it.type === "essay");
  const attemptIds: string[] = [];
  let responses = 0;
  const CHUNK = 5_000;
  for (let a0 = 0; a0 < total; a0 += CHUNK) {
    const attempts: Row[] = [];
    const rows: Row[] = [];
    for (let a = a0; a < Math.min(total, a0 + CHUNK); a++) {
      const student = o.students[a % o.students.length]!;
      const number = Math.floor(a / o.students.length) + 1;
      const started = new Date(t0 + a * 1000).toISOString();
      const attemptId = pad(`a${o.assignmentId.slice(-6)}`, a);
      attemptIds.push(attemptId);
      if (o.status === "in_progress") {
        attempts.push({
          id: attemptId,
          organization_id: o.orgId,
          assignment_id: o.assignmentId,
          class_id: o.classId,
          user_id: student.id,
          number,
          status: "in_progress",
          started_at: started,
          submitted_at: null,
          late: 0,
          score: null,
          max_score: maxScore,
          pending_count: 0,
          time_on_task_seconds: null,
          active_seconds: null,
          updated_at: started,
        });
        continue;
      }
      const submitted = new Date(t0 + a * 1000 + 600_000).toISOString();
      const choices = answerChoices(student.ability, random);
      let score = 0;
      for (let i = 0; i < BENCH_ITEMS.length; i++) {
        const it = BENCH_ITEMS[i]!;
        const g = graded[i]![choices[i]! + 1]!;
        let { score: s, status } = g.result;
        let gradedAt: string | null = null;
        if (i === essay && g.response) {
          // The teacher has graded the essay.
          s = Math.max(0, Math.min(5, Math.round(2.5 + student.ability + (random() - 0.5) * 2)));
          status = s >= 5 ? "correct" : s <= 0 ? "incorrect" : "partial";
          gradedAt = submitted;
        }
        score += s;
        rows.push({
          id: pad(`r${i}${o.assignmentId.slice(-6)}`, a),
          organization_id: o.orgId,
          attempt_id: attemptId,
          assignment_id: o.assignmentId,
          user_id: student.id,
          item_id: it.id!,
          item_type: it.type,
          response: g.response ? JSON.stringify(g.response) : null,
          normalized_text: normalizedTextOf(it, g.response),
          score: s,
          max_score: g.result.maxScore,
          status,
          parts: JSON.stringify(g.result.parts),
          feedback: JSON.stringify(g.result.feedback),
          error_categories: JSON.stringify(g.result.parts.flatMap((p) => p.errors.map((e) => e.category))),
          comment: null,
          rubric: null,
          graded_by: null,
          graded_at: gradedAt,
          created_at: submitted,
        });
      }
      responses += BENCH_ITEMS.length;
      attempts.push({
        id: attemptId,
        organization_id: o.orgId,
        assignment_id: o.assignmentId,
        class_id: o.classId,
        user_id: student.id,
        number,
        status: "submitted",
        started_at: started,
        submitted_at: submitted,
        late: 0,
        score: Math.round(score * 1e6) / 1e6,
        max_score: maxScore,
        pending_count: 0,
        time_on_task_seconds: 600,
        active_seconds: 540,
        updated_at: submitted,
      });
    }
    await w.insert("attempts", attempts);
    await w.insert("responses", rows);
  }
  await w.done();
  return { attemptIds, responses };
}

export interface GeneratedAssignment {
  orgId: string;
  classId: string;
  assignmentId: string;
  attempts: number;
  responses: number;
  seconds: number;
}

/**
 * Bulk only: an organization with the bench exercise published, one class, one assignment and `attempts` submitted
 * attempts (`attemptsPerStudent` each, default 2) with their graded responses — 20 rows per attempt.
 */
export async function generateAssignment(
  db: BenchDatabase,
  opts: { attempts: number; attemptsPerStudent?: number },
): Promise<GeneratedAssignment> {
  const started = performance.now();
  const w = await writer(db);
  const now = new Date().toISOString();
  const orgId = pad("org", 1);
  const classId = pad("cls", 1);
  const assignmentId = pad("asg", 1);
  const versionId = pad("ver", 1);
  const perStudent = opts.attemptsPerStudent ?? 2;
  const maxScore = BENCH_ITEMS.reduce((s, it) => s + (it.points ?? 1), 0);
  await w.insert("organizations", [{ id: orgId, name: "Bench School", created_at: now, updated_at: now }]);
  await w.insert("exercises", [
    {
      id: "exe-1",
      organization_id: orgId,
      title: benchExercise.title,
      level: "B1",
      status: "published",
      draft: JSON.stringify(benchExercise),
      search_text: benchExercise.title,
      latest_version: 1,
      dirty: 0,
      item_count: benchExercise.items.length,
      created_by: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    },
  ]);
  await w.insert("exercise_versions", [
    {
      id: versionId,
      exercise_id: "exe-1",
      organization_id: orgId,
      version: 1,
      content: JSON.stringify(benchExercise),
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
      max_score: maxScore,
      created_by: null,
      created_at: now,
      updated_at: now,
    },
  ]);
  await w.done();
  const { students } = await addStudents(db, {
    orgId,
    classIds: [classId],
    count: Math.ceil(opts.attempts / perStudent),
    tag: "ia",
  });
  const { responses } = await addAttempts(db, {
    orgId,
    classId,
    assignmentId,
    students,
    perStudent,
    status: "submitted",
    limit: opts.attempts,
  });
  return {
    orgId,
    classId,
    assignmentId,
    attempts: opts.attempts,
    responses,
    seconds: (performance.now() - started) / 1000,
  };
}
