/**
 * The student loop under load, each against the same database work done directly through the driver (Kysely on the
 * server's own connection settings), with no HTTP, no framework and no service code:
 *
 * - `attempt_start`: POST …/assignments/{id}/attempts, every request by a different student (its own session), so
 *   every one is a real start (201). Baseline: the request's reads and writes — session with membership (one
 *   query), assignment, enrolment, the student's attempts, insert the attempt and its outbox event.
 * - `submit`: POST …/attempts/{id}/submit with an Idempotency-Key and 20 realistic answers, on pre-started attempts
 *   (one per student). Baseline: what no implementation can avoid (raw-submit.ts) — the same 20 answers graded,
 *   the key, the attempt read and update, the 20 responses in one statement, the outbox event, the stored answer,
 *   through the driver's own prepared statements.
 *
 * The database is made fresh (school.ts); the baseline runs first on its own share of students, then the server
 * (app-server.ts, the whole stack, in a child process) on another share, all with the same number of requests.
 */
import type { Response } from "@languagecloud/domain";
import { newId, nowIso } from "../../server/src/lib/ids.ts";
import { hashToken } from "../../server/src/lib/tokens.ts";
import { findAssignment } from "../../server/src/modules/assignments/assignments.repository.ts";
import * as attempts from "../../server/src/modules/attempts/attempts.repository.ts";
import { isStudentOf } from "../../server/src/modules/classes/classes.repository.ts";
import { writeEvent } from "../../server/src/modules/events/outbox.ts";
import { answerSet, prng } from "../lib/exercise.ts";
import { type BenchDatabase, openBenchDatabase } from "../lib/generate.ts";
import { type LoadResult, load } from "../lib/load.ts";
import { startServer } from "../lib/process.ts";
import { openRawSubmit } from "../lib/raw-submit.ts";
import { createSchool, type School } from "../lib/school.ts";
import type { BenchResult, Scenario } from "./types.ts";

const CONNECTIONS = 20;

/** Runs `op(0..n-1)` with `concurrency` in flight (the pool's size on PostgreSQL/MySQL; SQLite serializes). */
export async function direct(n: number, concurrency: number, op: (i: number) => Promise<void>) {
  const times: number[] = new Array(n);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        await op(i);
        times[i] = performance.now() - s;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return {
    rps: n / seconds,
    p50_ms: times[Math.floor(n * 0.5)]!,
    p99_ms: times[Math.min(n - 1, Math.floor(n * 0.99))]!,
  };
}

function sizes(quick: boolean, kind: "start" | "submit") {
  if (kind === "start") return quick ? { warm: 200, n: 1200 } : { warm: 1000, n: 8000 };
  return quick ? { warm: 100, n: 500 } : { warm: 300, n: 3000 };
}

/** Students [0, 2w+2n): baseline warm-up, baseline, server warm-up, server. */
const shares = (warm: number, n: number) => ({
  baseWarm: 0,
  base: warm,
  serverWarm: warm + n,
  server: 2 * warm + n,
  total: 2 * (warm + n),
});

function expectAll(name: string, r: LoadResult, code: string, n: number) {
  if (r.errors || (r.statusCodes[code] ?? 0) !== n) {
    throw new Error(`${name}: expected ${n} × ${code}, got ${JSON.stringify(r.statusCodes)} and ${r.errors} errors`);
  }
}

async function withSchool<T>(
  opts: { db: BenchDatabase["ctx"]["database"]["dialect"] },
  school: Parameters<typeof createSchool>[1],
  fn: (db: BenchDatabase, s: School) => Promise<T>,
): Promise<T> {
  const db = await openBenchDatabase(opts.db);
  try {
    const t0 = performance.now();
    const s = await createSchool(db, school);
    process.stderr.write(
      `  school of ${school.students} students in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    return await fn(db, s);
  } finally {
    await db.close();
  }
}

const concurrencyOf = (db: BenchDatabase) =>
  db.ctx.database.dialect === "sqlite" ? 1 : db.ctx.config.DATABASE_POOL_SIZE;

export const attemptStartScenario: Scenario = async (opts) => {
  const { warm, n } = sizes(opts.quick, "start");
  const sh = shares(warm, n);
  return withSchool(opts, { students: sh.total, openAttempts: false }, async (db, school) => {
    const kdb = db.ctx.database.db;
    const tokens = school.cookies.map((c) => c.slice(c.indexOf("=") + 1));
    const startDirect = async (i: number) => {
      const session = await kdb
        .selectFrom("sessions as s")
        .leftJoin("memberships as m", (j) =>
          j.onRef("m.user_id", "=", "s.user_id").on("m.organization_id", "=", school.orgId),
        )
        .select(["s.user_id", "s.expires_at", "m.role"])
        .where("s.id", "=", hashToken(tokens[i]!))
        .executeTakeFirstOrThrow();
      const userId = session.user_id;
      if (session.role !== "student") throw new Error("not a member");
      await kdb.transaction().execute(async (trx) => {
        const a = (await findAssignment(trx, school.orgId, school.startAssignmentId))!;
        if (!(await isStudentOf(trx, school.orgId, a.class_id, userId))) throw new Error("not enrolled");
        const used = await attempts.attemptsOf(trx, school.orgId, a.id, userId);
        const id = newId();
        const now = nowIso();
        await attempts.insertAttempt(trx, {
          id,
          organization_id: school.orgId,
          assignment_id: a.id,
          class_id: a.class_id,
          user_id: userId,
          number: used.last + 1,
          status: "in_progress",
          started_at: now,
          submitted_at: null,
          late: 0,
          score: null,
          max_score: a.max_score,
          pending_count: 0,
          time_on_task_seconds: null,
          active_seconds: null,
          updated_at: now,
        });
        await writeEvent(trx, {
          organizationId: school.orgId,
          type: "attempt.started",
          payload: { attemptId: id, assignmentId: a.id, classId: a.class_id, userId, number: used.last + 1 },
        });
      });
    };
    const c = concurrencyOf(db);
    await direct(warm, c, (i) => startDirect(sh.baseWarm + i));
    const base = await direct(n, c, (i) => startDirect(sh.base + i));

    const server = await startServer("app-server.ts", { BENCH_DATABASE_URL: db.url });
    try {
      const path = `/api/v1/orgs/${school.orgId}/assignments/${school.startAssignmentId}/attempts`;
      const run = (from: number, amount: number) => {
        let next = from;
        return load({
          url: `http://127.0.0.1:${server.port}`,
          connections: CONNECTIONS,
          amount,
          requests: [
            {
              method: "POST",
              path,
              setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: school.cookies[next++]! } }),
            },
          ],
        });
      };
      expectAll("attempt_start warm-up", await run(sh.serverWarm, warm), "201", warm);
      const ours = await run(sh.server, n);
      expectAll("attempt_start", ours, "201", n);
      return [
        {
          name: "attempt_start",
          value: Math.round(ours.rps),
          unit: "req/s",
          p50_ms: ours.p50_ms,
          p99_ms: ours.p99_ms,
          baseline: Math.round(base.rps),
          ratio: ours.rps / base.rps,
          notes: `${n} starts by ${n} students, ${CONNECTIONS} connections; baseline = the same queries through Kysely in process (p50 ${base.p50_ms.toFixed(2)} ms)`,
        },
      ] satisfies BenchResult[];
    } finally {
      await server.stop();
    }
  });
};

export const submitScenario: Scenario = async (opts) => {
  const { warm, n } = sizes(opts.quick, "submit");
  const sh = shares(warm, n);
  return withSchool(opts, { students: sh.total, openAttempts: true }, async (db, school) => {
    const random = prng(5);
    const answers: Record<string, Response>[] = school.students.map((s) => answerSet(s.ability, random));
    const bodies = answers.map((responses) => JSON.stringify({ responses, activeSeconds: 300 }));

    // The floor (raw-submit.ts): the same grading and rows through the driver's own prepared statements.
    const floor = await openRawSubmit(db);
    const submitDirect = (i: number) =>
      floor.submit({
        orgId: school.orgId,
        attemptId: school.openAttempts[i]!,
        userId: school.students[i]!.id,
        key: `bench-${i}`,
        bodyText: bodies[i]!,
        responses: answers[i]!,
      });
    const c = concurrencyOf(db);
    await direct(warm, c, (i) => submitDirect(sh.baseWarm + i));
    const cpu0 = process.cpuUsage();
    const base = await direct(n, c, (i) => submitDirect(sh.base + i));
    const cpu1 = process.cpuUsage(cpu0);
    const baseCpuMs = (cpu1.user + cpu1.system) / 1000 / n;
    await floor.close();

    const server = await startServer("app-server.ts", { BENCH_DATABASE_URL: db.url });
    try {
      const prefix = `/api/v1/orgs/${school.orgId}/attempts/`;
      const run = (from: number, amount: number) => {
        let next = from;
        return load({
          url: `http://127.0.0.1:${server.port}`,
          connections: CONNECTIONS,
          amount,
          requests: [
            {
              method: "POST",
              path: prefix,
              setupRequest: (req) => {
                const i = next++;
                return {
                  ...req,
                  path: `${prefix}${school.openAttempts[i]}/submit`,
                  headers: {
                    ...req.headers,
                    cookie: school.cookies[i]!,
                    "content-type": "application/json",
                    "idempotency-key": `bench-${i}`,
                  },
                  body: bodies[i]!,
                };
              },
            },
          ],
        });
      };
      expectAll("submit warm-up", await run(sh.serverWarm, warm), "200", warm);
      const serverCpu0 = await server.cpuMs();
      const ours = await run(sh.server, n);
      const oursCpuMs = ((await server.cpuMs()) - serverCpu0) / n;
      expectAll("submit", ours, "200", n);
      return [
        {
          name: "submit",
          value: Math.round(ours.rps),
          unit: "req/s",
          p50_ms: ours.p50_ms,
          p99_ms: ours.p99_ms,
          baseline: Math.round(base.rps),
          ratio: ours.rps / base.rps,
          notes: `${n} submits of 20 answers, ${CONNECTIONS} connections; baseline = the same 20 answers graded and the same rows written with the driver's prepared statements, in process (p50 ${base.p50_ms.toFixed(2)} ms); CPU per submit: server ${oursCpuMs.toFixed(2)} ms, floor ${baseCpuMs.toFixed(2)} ms (ratio ${(baseCpuMs / oursCpuMs).toFixed(2)})`,
        },
      ] satisfies BenchResult[];
    } finally {
      await server.stop();
    }
  });
};
