/**
 * The floor of a submit: what any implementation has to do, with nothing of ours in between. The 20 answers are
 * graded by the domain's `grade()` (with the text analytics group by), then the same rows are written through the
 * driver's own prepared statements — better-sqlite3, pg (named statements) or mysql2 (`execute`) — no query
 * builder: the idempotency key claimed in its own statement, then one transaction that reads the attempt with its
 * assignment's rules (locking it on PostgreSQL/MySQL), marks it submitted, inserts the 20 responses in one
 * multi-row statement and the outbox event, and stores the answer on the key.
 */
import { createHash } from "node:crypto";
import { grade, normalizedTextOf, type Response } from "@languagecloud/domain";
import SQLite from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { sqlitePath } from "../../server/src/db/database.ts";
import { newId, nowIso } from "../../server/src/lib/ids.ts";
import { BENCH_ITEMS } from "./exercise.ts";
import type { BenchDatabase } from "./generate.ts";

export interface RawSubmit {
  orgId: string;
  attemptId: string;
  userId: string;
  key: string;
  /** The request body as it arrived (hashed for the key) and parsed. */
  bodyText: string;
  responses: Record<string, Response>;
}

type Value = string | number | null;

interface AttemptRead {
  status: string;
  user_id: string;
  assignment_id: string;
  started_at: string;
  exercise_version_id: string;
}

const RESPONSE_COLUMNS = [
  "id",
  "organization_id",
  "attempt_id",
  "assignment_id",
  "user_id",
  "item_id",
  "item_type",
  "response",
  "normalized_text",
  "score",
  "max_score",
  "status",
  "parts",
  "feedback",
  "error_categories",
  "created_at",
] as const;

/** The statements, with `?` placeholders (SQLite, MySQL) or `$n` ones (PostgreSQL). */
function statements(dialect: "sqlite" | "postgres" | "mysql") {
  const numbered = dialect === "postgres";
  let n = 0;
  const ph = (count = 1) => Array.from({ length: count }, () => (numbered ? `$${++n}` : "?")).join(", ");
  const restart = () => {
    n = 0;
    return "";
  };
  const key = dialect === "mysql" ? "`key`" : '"key"';
  const rows = BENCH_ITEMS.map(() => `(${ph(RESPONSE_COLUMNS.length)})`).join(", ");
  return {
    responses: `insert into responses (${RESPONSE_COLUMNS.join(", ")}) values ${rows}`,
    claim: `${restart()}insert into idempotency_keys (user_id, ${key}, organization_id, request_hash, status, created_at, locked_at) values (${ph(4)}, 'in_progress', ${ph(2)})`,
    read: `${restart()}select t.status, t.user_id, t.assignment_id, t.started_at, a.exercise_version_id, a.due_at, a.allow_late from attempts t join assignments a on a.id = t.assignment_id where t.organization_id = ${ph()} and t.id = ${ph()}${dialect === "postgres" ? " for update of t" : dialect === "mysql" ? " for update" : ""}`,
    mark: `${restart()}update attempts set status = 'submitted', submitted_at = ${ph()}, late = 0, score = ${ph()}, max_score = ${ph()}, pending_count = ${ph()}, time_on_task_seconds = ${ph()}, active_seconds = ${ph()}, updated_at = ${ph()}, graded_version_id = ${ph()} where organization_id = ${ph()} and id = ${ph()} and status = 'in_progress'`,
    event: `${restart()}insert into events (id, organization_id, type, payload, created_at, attempts) values (${ph(5)}, 0)`,
    finish: `${restart()}update idempotency_keys set status = 'done', status_code = 200, response_body = ${ph()} where user_id = ${ph()} and ${key} = ${ph()} and status = 'in_progress'`,
  };
}

/** Grades the answers and builds every value the statements bind, as the server would. */
function work(s: RawSubmit, attempt: { assignment_id: string; started_at: string }) {
  const now = nowIso();
  const values: Value[] = [];
  const results: Record<string, unknown> = {};
  let score = 0;
  let maxScore = 0;
  let pending = 0;
  for (const it of BENCH_ITEMS) {
    const r = s.responses[it.id!];
    const g = grade(it, r);
    score += g.score;
    maxScore += g.maxScore;
    if (g.status === "pending") pending++;
    results[it.id!] = g;
    values.push(
      newId(),
      s.orgId,
      s.attemptId,
      attempt.assignment_id,
      s.userId,
      it.id!,
      it.type,
      r ? JSON.stringify(r) : null,
      normalizedTextOf(it, r),
      g.score,
      g.maxScore,
      g.status,
      JSON.stringify(g.parts),
      JSON.stringify(g.feedback),
      JSON.stringify(g.parts.flatMap((p) => p.errors.map((e) => e.category))),
      now,
    );
  }
  const timeOnTask = Math.max(0, Math.round((Date.parse(now) - Date.parse(attempt.started_at)) / 1000));
  const payload = JSON.stringify({ attemptId: s.attemptId, assignmentId: attempt.assignment_id, score, maxScore });
  const answer = JSON.stringify({ id: s.attemptId, status: "submitted", score, maxScore, results });
  return { now, values, score, maxScore, pending, timeOnTask, payload, answer };
}

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

export async function openRawSubmit(db: BenchDatabase): Promise<{
  submit(s: RawSubmit): Promise<void>;
  close(): Promise<void>;
}> {
  const dialect = db.ctx.database.dialect;
  if (dialect === "sqlite") {
    const raw = new SQLite(sqlitePath(db.url));
    // The server's own settings (db/database.ts).
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 5000");
    const sql = statements("sqlite");
    const st = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, raw.prepare(v)])) as Record<
      keyof typeof sql,
      SQLite.Statement
    >;
    const tx = raw.transaction((s: RawSubmit) => {
      const attempt = st.read.get(s.orgId, s.attemptId) as AttemptRead;
      if (attempt.status !== "in_progress" || attempt.user_id !== s.userId) throw new Error("not open");
      const w = work(s, attempt);
      st.mark.run(
        w.now,
        w.score,
        w.maxScore,
        w.pending,
        w.timeOnTask,
        300,
        w.now,
        attempt.exercise_version_id,
        s.orgId,
        s.attemptId,
      );
      st.responses.run(w.values);
      st.event.run(newId(), s.orgId, "attempt.submitted", w.payload, w.now);
      st.finish.run(w.answer, s.userId, s.key);
    });
    return {
      async submit(s) {
        const now = nowIso();
        st.claim.run(s.userId, s.key, s.orgId, hashOf(s.bodyText), now, now);
        tx.immediate(s);
      },
      async close() {
        raw.close();
      },
    };
  }
  if (dialect === "postgres") {
    const sql = statements("postgres");
    const pool = new pg.Pool({ connectionString: db.url, max: db.ctx.config.DATABASE_POOL_SIZE });
    const q = (client: pg.PoolClient | pg.Pool, name: keyof typeof sql, values: Value[]) =>
      client.query({ name: `floor_${name}`, text: sql[name], values });
    return {
      async submit(s) {
        const now = nowIso();
        await q(pool, "claim", [s.userId, s.key, s.orgId, hashOf(s.bodyText), now, now]);
        const client = await pool.connect();
        try {
          await client.query("begin");
          const attempt = (await q(client, "read", [s.orgId, s.attemptId])).rows[0] as AttemptRead;
          if (attempt.status !== "in_progress" || attempt.user_id !== s.userId) throw new Error("not open");
          const w = work(s, attempt);
          await q(client, "mark", [
            w.now,
            w.score,
            w.maxScore,
            w.pending,
            w.timeOnTask,
            300,
            w.now,
            attempt.exercise_version_id,
            s.orgId,
            s.attemptId,
          ]);
          await q(client, "responses", w.values);
          await q(client, "event", [newId(), s.orgId, "attempt.submitted", w.payload, w.now]);
          await q(client, "finish", [w.answer, s.userId, s.key]);
          await client.query("commit");
        } catch (err) {
          await client.query("rollback");
          throw err;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const sql = statements("mysql");
  const pool = mysql.createPool({ uri: db.url, connectionLimit: db.ctx.config.DATABASE_POOL_SIZE, dateStrings: true });
  return {
    async submit(s) {
      const now = nowIso();
      await pool.execute(sql.claim, [s.userId, s.key, s.orgId, hashOf(s.bodyText), now, now]);
      const conn = await pool.getConnection();
      try {
        await conn.beginTransaction();
        const [rows] = await conn.execute(sql.read, [s.orgId, s.attemptId]);
        const attempt = (rows as AttemptRead[])[0]!;
        if (attempt.status !== "in_progress" || attempt.user_id !== s.userId) throw new Error("not open");
        const w = work(s, attempt);
        await conn.execute(sql.mark, [
          w.now,
          w.score,
          w.maxScore,
          w.pending,
          w.timeOnTask,
          300,
          w.now,
          attempt.exercise_version_id,
          s.orgId,
          s.attemptId,
        ]);
        await conn.execute(sql.responses, w.values);
        await conn.execute(sql.event, [newId(), s.orgId, "attempt.submitted", w.payload, w.now]);
        await conn.execute(sql.finish, [w.answer, s.userId, s.key]);
        await conn.commit();
      } catch (err) {
        await conn.rollback();
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
