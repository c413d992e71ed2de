/**
 * `npm run test:cluster`: operations.md's topology on loopback (server/test/cluster/topology.ts), every fault of
 * its table of promises injected under load from bounded simulated students, each promise checked with its
 * figure, and the figures printed as a table. Exits non-zero when a promise did not hold, a phase did not finish
 * in its time, or the whole run passed its budget. Every process it started is killed on the way out.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { havePostgresTools, haveRedisServer, PG_BIN, sleep } from "../own-services.ts";
import { Figures } from "./figures.ts";
import { Http, Tally } from "./http.ts";
import { NGINX } from "./nginx.ts";
import { phases, type RunState } from "./phases.ts";
import { cleanupAll, keepDirectory } from "./processes.ts";
import { createSchool, joinStudent, type Student } from "./students.ts";
import { startTopology, within } from "./topology.ts";
import { diagnostics, finalChecks } from "./verify.ts";

const BUDGET_MS = Number(process.env.CLUSTER_BUDGET_SECONDS ?? 480) * 1000;
const STUDENTS = Number(process.env.CLUSTER_STUDENTS ?? 150);

const t0 = Date.now();
const figures = new Figures();
const log = (line: string) => console.log(`[cluster ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);

process.on("exit", cleanupAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping every process of the suite`);
    cleanupAll();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  log(`over the budget of ${BUDGET_MS / 1000} s: stopping`);
  console.log(`\n${figures.table()}\n\n${figures.passed} passed, ${figures.failed.length + 1} failed`);
  cleanupAll();
  process.exit(1);
}, BUDGET_MS);

async function main(): Promise<number> {
  const missing = [
    havePostgresTools() ? "" : `PostgreSQL's initdb, pg_ctl, pg_basebackup and psql in ${PG_BIN} (PG_BIN)`,
    haveRedisServer() ? "" : "redis-server",
    existsSync(NGINX) ? "" : `nginx at ${NGINX} (NGINX_BIN; Debian's package nginx)`,
  ].filter(Boolean);
  if (missing.length) throw new Error(`the cluster suite needs ${missing.join(", ")}`);
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const topology = await within("starting the topology", 240_000, startTopology(log));
  const http = new Http(topology.url, new Tally());
  const school = await within(
    "creating the school",
    60_000,
    createSchool(
      http,
      runId,
      phases.map((p) => p.name),
    ),
  );
  // Students join in parallel batches, as a class does in its first minutes.
  const joinStarted = Date.now();
  for (let i = 0; i < STUDENTS; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, STUDENTS - i) }, (_, k) => joinStudent(http, school, runId, i + k)),
    );
    for (const j of batch) {
      if (!j.ok) throw new Error(`a student could not join: ${j.answer.status} ${j.answer.body.slice(0, 200)}`);
      school.students.push(j.student as Student);
    }
  }
  log(`${STUDENTS} students joined in ${((Date.now() - joinStarted) / 1000).toFixed(1)} s`);
  figures.note(
    "setup",
    "students joined (server errors during setup)",
    `${STUDENTS} (${http.tally.count((s) => s >= 500)})`,
  );

  const state: RunState = { topology, school, figures, log, runId, acks: [], tallies: new Map() };
  for (const p of phases) {
    const tally = new Tally();
    http.tally = tally;
    state.tallies.set(p.name, tally);
    log(`phase ${p.name}: ${p.fault}`);
    const started = Date.now();
    try {
      await within(`phase ${p.name}`, p.budgetMs, p.run(http, state));
    } catch (err) {
      figures.check(p.name, "phase finished", (err as Error).message, "within its time, no error", false);
      log(`phase ${p.name} failed: ${(err as Error).stack}`);
    }
    const backlog = topology.sql("SELECT count(*) FROM events WHERE handled_at IS NULL").trim();
    log(
      `phase ${p.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s (${tally.requests} requests; ${backlog} events waiting)`,
    );
  }
  http.tally = new Tally();
  state.tallies.set("final", http.tally);
  log("final checks: stored against acknowledged, duplicates, jobs, statistics and dashboards");
  try {
    await within("final checks", 240_000, finalChecks(http, state));
  } catch (err) {
    figures.check("final", "final checks finished", (err as Error).message, "within their time", false);
  }

  const wall = (Date.now() - t0) / 1000;
  figures.check("run", "wall time (s)", wall.toFixed(0), `< ${BUDGET_MS / 1000}`, wall * 1000 < BUDGET_MS);
  console.log(`\nCluster suite figures (${STUDENTS} students, run ${runId}):\n`);
  console.log(figures.table());
  const failed = figures.failed;
  if (failed.length) {
    console.log("\nPromises that did not hold:");
    for (const f of failed) console.log(`  - ${f.phase}: ${f.figure} = ${f.value} (promise: ${f.promise})`);
    console.log("\nWhat the processes logged (warnings and errors, each message once, with its count):");
    console.log(diagnostics(topology.dir));
    keepDirectory(topology.dir);
    console.log(`\nThe logs of every process are kept in ${topology.dir}`);
  }
  console.log(`\n${figures.passed} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

main()
  .then(async (code) => {
    clearTimeout(watchdog);
    cleanupAll();
    await sleep(10);
    process.exit(code);
  })
  .catch((err) => {
    log(`the suite stopped: ${(err as Error).stack ?? err}`);
    if (figures.rows.length) console.log(`\n${figures.table()}`);
    console.log(`\n${figures.passed} passed, ${figures.failed.length + 1} failed`);
    cleanupAll();
    process.exit(1);
  });
