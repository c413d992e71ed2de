/**
 * `school_burst`: a whole school hands in at once. 3,000 students (`--quick`: 300) each submit a 20-item attempt
 * within 10 s (`--quick`: 3 s), at random moments of that window, through nginx in front of `languagecloud serve`
 * as an operator runs it (production mode, request log at info, background jobs in process): one API process on
 * SQLite, two on PostgreSQL or MySQL. The load generator is its own process (burst-client.ts: a keep-alive pool
 * of 200 connections, each request timed from the moment its student pressed the button).
 *
 * The students, their sessions and their open attempts are written beforehand in bulk (school.ts), so the burst
 * measures the submits alone; a warm-up of other students' submits comes first (the first wrong answer loads the
 * language tools). Afterwards the database must hold exactly one submitted attempt and 20 responses per student.
 * Goal: p99 under 1 s and no error. An error or a wrong count sets the exit code; the figures are still printed.
 */

import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BurstOutcome, BurstPlan, BurstRequest } from "../lib/burst-client.ts";
import { answerSet, BENCH_ITEMS, prng } from "../lib/exercise.ts";
import { openBenchDatabase } from "../lib/generate.ts";
import { percentile } from "../lib/load.ts";
import { startNginx } from "../lib/nginx.ts";
import { createSchool } from "../lib/school.ts";
import { startServe } from "../lib/serve.ts";
import type { BenchResult, Scenario } from "./types.ts";

const SOCKETS = 200;

function runClient(plan: BurstPlan): Promise<{ outcomes: BurstOutcome[]; wallMs: number }> {
  const child = fork(fileURLToPath(new URL("../lib/burst-client.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m as { outcomes: BurstOutcome[]; wallMs: number }));
    child.once("exit", (code) => reject(new Error(`burst client exited with ${code} before answering`)));
    child.send(plan);
  });
}

export const schoolBurstScenario: Scenario = async (opts) => {
  const students = opts.quick ? 300 : 3000;
  const windowMs = opts.quick ? 3000 : 10_000;
  const warm = opts.quick ? 30 : 150;
  const processes = opts.db === "sqlite" ? 1 : 2;

  const db = await openBenchDatabase(opts.db);
  const filesDir = mkdtempSync(join(tmpdir(), "lc-bench-files-"));
  const stops: (() => Promise<void>)[] = [];
  try {
    const t0 = performance.now();
    const school = await createSchool(db, { students: warm + students, openAttempts: true });
    process.stderr.write(
      `  ${warm + students} students with open attempts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const servers = [];
    for (let k = 0; k < processes; k++) {
      const s = await startServe({
        DATABASE_URL: db.url,
        DATA_DIR: filesDir,
        SESSION_SECRET: "school-burst-session-secret-of-enough-length",
      });
      stops.unshift(s.stop);
      servers.push(s);
    }
    const nginx = await startNginx(servers.map((s) => s.port));
    stops.unshift(nginx.stop);

    const random = prng(16);
    const requestOf = (i: number): BurstRequest => ({
      method: "POST",
      path: `/api/v1/orgs/${school.orgId}/attempts/${school.openAttempts[i]}/submit`,
      headers: {
        cookie: school.cookies[i]!,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ responses: answerSet(school.students[i]!.ability, random), activeSeconds: 420 }),
    });
    const origin = `http://127.0.0.1:${nginx.port}`;
    const all = Array.from({ length: warm + students }, (_, i) => requestOf(i));

    // Warm-up, by other students: a few one at a time (the first wrong answer loads the language tools, ≈ 2 s of
    // one process's event loop), then the rest over two seconds. Not measured; a failure there is only reported.
    const first = 5 * processes;
    const warmOutcomes: BurstOutcome[] = [];
    for (const [from, to, spreadMs, sockets] of [
      [0, first, 0, 1],
      [first, warm, 2000, SOCKETS],
    ] as const) {
      const part = all.slice(from, to);
      const r = await runClient({
        origin,
        requests: part,
        arrivals: part.map((_, i) => (i * spreadMs) / part.length),
        sockets,
      });
      warmOutcomes.push(...r.outcomes);
    }
    const warmFailed = warmOutcomes.filter((o) => o.status !== 200);
    if (warmFailed.length) {
      process.stderr.write(
        `  warm-up: ${warmFailed.length} of ${warm} failed, e.g. ${JSON.stringify(warmFailed[0])}\n`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));

    const burst = all.slice(warm);
    const arrivals = burst.map(() => random() * windowMs);
    const { outcomes, wallMs } = await runClient({ origin, requests: burst, arrivals, sockets: SOCKETS });

    const byStatus: Record<string, number> = {};
    for (const o of outcomes) {
      const k = o.status ? String(o.status) : `error: ${o.error}`;
      byStatus[k] = (byStatus[k] ?? 0) + 1;
    }
    const errors = outcomes.filter((o) => o.status !== 200).length;
    const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
    const service = outcomes.map((o) => o.serviceMs).sort((a, b) => a - b);

    // What the database holds: every acknowledged submit, once, with its 20 responses.
    const kdb = db.ctx.database.db;
    const submitted = await kdb
      .selectFrom("attempts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assignment_id", "=", school.submitAssignmentId)
      .where("status", "=", "submitted")
      .executeTakeFirstOrThrow();
    const responses = await kdb
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assignment_id", "=", school.submitAssignmentId)
      .executeTakeFirstOrThrow();
    const acknowledged = warm - warmFailed.length + outcomes.filter((o) => o.status === 200).length;
    const stored = Number(submitted.n);
    const countsOk = stored === acknowledged && Number(responses.n) === stored * BENCH_ITEMS.length;

    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const max = latencies[latencies.length - 1] ?? Number.NaN;
    process.stderr.write(
      `  ${students} submits in ${(windowMs / 1000).toFixed(0)} s through nginx to ${processes} process(es) on ${opts.db}: ` +
        `${JSON.stringify(byStatus)}; latency p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${max.toFixed(0)} ms ` +
        `(on the connection: p50 ${percentile(service, 50).toFixed(0)} ms, p99 ${percentile(service, 99).toFixed(0)} ms); ` +
        `stored ${stored} attempts, ${responses.n} responses\n`,
    );
    if (errors || !countsOk) {
      console.error(
        `school_burst: ${errors} of ${students} submits failed (${JSON.stringify(byStatus)}); ` +
          `${acknowledged} acknowledged, ${stored} attempts and ${responses.n} responses stored`,
      );
      process.exitCode = 1;
    }
    const result: BenchResult = {
      name: "school_burst",
      value: Math.round((students / wallMs) * 1000),
      unit: "req/s",
      p50_ms: p50,
      p99_ms: p99,
      notes:
        `${students} students submitting 20 answers within ${windowMs / 1000} s through nginx, ${processes} API ` +
        `process(es) on ${opts.db}; ${errors} errors; max ${max.toFixed(0)} ms; p99 on the connection ` +
        `${percentile(service, 99).toFixed(0)} ms; goal p99 < 1000 ms, no error`,
    };
    return [result];
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    await db.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
};
