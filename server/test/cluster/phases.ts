/**
 * The phases of the cluster suite: one per fault of operations.md's table, each injected while students work,
 * each with the figures that hold its promise. A phase has its own assignment, so that what it acknowledged and
 * what was stored can be compared phase by phase at the end (verify.ts).
 */

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "../own-services.ts";
import type { Figures } from "./figures.ts";
import { type Answer, Http, Tally } from "./http.ts";
import { type Ack, joinStudent, login, runWave, type School, type Student, type WaveResult } from "./students.ts";
import type { Api, Topology } from "./topology.ts";

export interface RunState {
  topology: Topology;
  school: School;
  figures: Figures;
  log: (line: string) => void;
  runId: string;
  acks: Ack[];
  tallies: Map<string, Tally>;
}

export interface Phase {
  name: string;
  fault: string;
  budgetMs: number;
  run(http: Http, s: RunState): Promise<void>;
}

interface LoadOptions {
  /** How many of the school's students take part (default: all). */
  students?: number;
  concurrency?: number;
  /** The fault, started `faultAtMs` after the students; the wave stops `tailMs` after it has resolved. */
  fault?: () => Promise<void>;
  faultAtMs?: number;
  tailMs?: number;
  /** Without a fault: how long the students work. */
  ms?: number;
  readBack?: boolean;
}

/** Students work the phase's assignment while the fault happens; returns what they saw. */
async function underLoad(http: Http, s: RunState, phase: string, o: LoadOptions): Promise<WaveResult> {
  let stop = false;
  const students: Student[] = s.school.students.slice(0, o.students ?? s.school.students.length);
  const wave = runWave(http, s.school, {
    phase,
    students,
    concurrency: o.concurrency ?? 14,
    stop: () => stop,
    maxCyclesPerStudent: 6,
    readBack: o.readBack,
  });
  if (o.fault) {
    await sleep(o.faultAtMs ?? 3000);
    try {
      await o.fault();
      await sleep(o.tailMs ?? 3000);
    } finally {
      stop = true;
    }
  } else {
    await sleep(o.ms ?? 10_000);
    stop = true;
  }
  const result = await wave;
  s.acks.push(...result.acks);
  return result;
}

/** The figures every phase is held to: acknowledged, scores, refusals, 5xx by kind, retries. */
function waveFigures(
  s: RunState,
  phase: string,
  w: WaveResult,
  o: { allowed5xx?: RegExp; maxRetryWaitMs?: number; noNetworkErrors?: boolean } = {},
) {
  const f = s.figures;
  const tally = s.tallies.get(phase) as Tally;
  f.note(phase, "requests (submits acknowledged)", `${tally.requests} (${w.acks.length})`);
  f.check(phase, "submits never acknowledged", w.unacknowledged, "0", w.unacknowledged === 0 && w.acks.length > 0);
  const wrong = w.acks.filter((a) => a.score !== a.expected).length;
  f.check(phase, "acknowledged score ≠ the answers' score", wrong, "0", wrong === 0);
  const refusals = [...w.refusals].map(([k, n]) => `${k}: ${n}`).join(", ");
  f.check(phase, "refusals (4xx) of correct requests", refusals || "none", "none", w.refusals.size === 0);
  f.check(phase, "starts/autosaves failed", w.failedSteps, "0", w.failedSteps === 0);
  const bad = [...tally.serverErrors].filter(([k]) => k.startsWith("500") || !o.allowed5xx?.test(k));
  const allowed = [...tally.serverErrors].filter(([k]) => !bad.some(([b]) => b === k));
  f.check(
    phase,
    "5xx answers (by kind)",
    tally.describeServerErrors(),
    o.allowed5xx ? `only ${o.allowed5xx.source.replace(/[\\^$]/g, "")}, never 500` : "none",
    bad.length === 0,
  );
  void allowed;
  const net = [...tally.network].map(([k, n]) => `${k}: ${n}`).join(", ") || "none";
  if (o.noNetworkErrors)
    f.check(phase, "connections reset or refused (client side)", net, "none", tally.network.size === 0);
  else f.note(phase, "connections reset or refused (client side)", net);
  if (o.maxRetryWaitMs !== undefined) {
    const worst = Math.max(0, ...w.acks.map((a) => a.retryWaitMs));
    f.check(phase, "longest retry until acknowledged (ms)", worst, `≤ ${o.maxRetryWaitMs}`, worst <= o.maxRetryWaitMs);
  }
}

/** The pids of a cluster primary's workers (its children running `serve`). */
function clusterWorkers(api: Api): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(api.group.pid)]).toString();
  return out
    .split("\n")
    .filter((l) => l.includes("languagecloud.js serve"))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

const api = (s: RunState, name: string) => s.topology.apis.find((a) => a.name === name) as Api;

/** SIGTERM to an API's process group (as systemd does) under load; the drain's figures, then a restart. */
async function drainPhase(http: Http, s: RunState, phase: string, name: string) {
  let drainMs = -1;
  let exitCode: number | null = null;
  let groupGoneMs = -1;
  const w = await underLoad(http, s, phase, {
    faultAtMs: 4000,
    tailMs: 2000,
    fault: async () => {
      const a = api(s, name);
      const t = Date.now();
      a.group.signal("SIGTERM");
      const exit = await Promise.race([a.group.exited, sleep(15_000).then(() => null)]);
      drainMs = exit ? exit.at - t : -1;
      exitCode = exit ? exit.code : null;
      while (a.group.groupAlive() && Date.now() - t < 15_000) await sleep(50);
      groupGoneMs = Date.now() - t;
      if (a.group.groupAlive()) a.group.signal("SIGKILL");
      await s.topology.startApi(name);
    },
  });
  const f = s.figures;
  f.check(phase, "SIGTERM → exit (ms)", drainMs, "≤ 10000", drainMs >= 0 && drainMs <= 10_000);
  f.check(phase, "SIGTERM → every process of the group gone (ms)", groupGoneMs, "≤ 10000", groupGoneMs <= 10_000);
  f.check(phase, "exit code", String(exitCode), "0", exitCode === 0);
  waveFigures(s, phase, w, { noNetworkErrors: true });
}

/** Log-in, sign-up and join, one of each every 700 ms while `stop()` is false: each must work on its first try. */
async function authProbe(http: Http, s: RunState, phase: string, stop: () => boolean) {
  let n = 0;
  let ok = 0;
  let slowest = 0;
  const failures = new Map<string, number>();
  const one = async (what: string, want: number, call: () => Promise<Answer>) => {
    const r = await call();
    slowest = Math.max(slowest, r.ms);
    if (r.status === want) ok++;
    else failures.set(`${what} ${r.status} ${r.code}`, (failures.get(`${what} ${r.status} ${r.code}`) ?? 0) + 1);
  };
  while (!stop()) {
    n++;
    const tag = `${s.runId}-${phase}-${n}`;
    const st = s.school.students[n % s.school.students.length] as Student;
    await Promise.all([
      one("login", 200, () => login(http, st.email, st.password, 0)),
      one("join", 201, async () => (await joinStudent(http, s.school, tag, 0, 0)).answer),
      one("signup", 201, () =>
        http.call("POST", "/api/v1/auth/signup", {
          body: {
            organizationName: `Probe ${tag}`,
            name: "Probe",
            email: `probe-${tag}@example.org`,
            password: "probe password 1",
          },
          what: "signup",
        }),
      ),
    ]);
    await sleep(700);
  }
  const total = n * 3;
  const failed = [...failures].map(([k, c]) => `${k}: ${c}`).join(", ");
  s.figures.check(
    phase,
    "log-in, sign-up, join during the fault: ok of tried (slowest ms)",
    `${ok} of ${total} (${slowest})${failed ? `; ${failed}` : ""}`,
    "all, each ≤ 5000 ms",
    total > 0 && ok === total && slowest <= 5000,
  );
}

/** Each API process's own /readyz (not through nginx): what a balancer's health check would see. */
async function readyzFigure(s: RunState, phase: string, want: { status: number; body: string }) {
  const seen: string[] = [];
  let pass = true;
  for (const a of s.topology.apis) {
    const started = Date.now();
    try {
      const res = await fetch(`http://127.0.0.1:${a.port}/readyz`, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { status: string; checks: Record<string, string> };
      seen.push(`${a.name}: ${res.status} ${body.status} in ${Date.now() - started} ms`);
      pass &&= res.status === want.status && body.status === want.body;
    } catch (err) {
      seen.push(`${a.name}: ${(err as Error).name}`);
      pass = false;
    }
  }
  s.figures.check(phase, "/readyz of each API process", seen.join(", "), `${want.status} ${want.body}`, pass);
}

/** Events of the outbox not yet handled by every subscriber. */
const unhandled = (s: RunState) => Number(s.topology.sql("SELECT count(*) FROM events WHERE handled_at IS NULL"));

/** After a fault of the job path: every event gets handled again; how long that took. */
async function jobsCatchUp(s: RunState, phase: string, ms = 90_000) {
  const started = Date.now();
  let left = unhandled(s);
  while (left > 0 && Date.now() - started < ms) {
    await sleep(500);
    left = unhandled(s);
  }
  s.figures.check(
    phase,
    "events handled again after the fault (ms; left)",
    `${Date.now() - started}; ${left}`,
    `all, ≤ ${ms}`,
    left === 0,
  );
}

/** One flood request: a 2 MB body, anonymous. */
const TWO_MB = "x".repeat(2 * 1024 * 1024);

export const phases: Phase[] = [
  {
    name: "baseline",
    fault: "none: the cluster as it runs every day",
    budgetMs: 60_000,
    async run(http, s) {
      const w = await underLoad(http, s, "baseline", { ms: 12_000, readBack: true });
      waveFigures(s, "baseline", w, { noNetworkErrors: true });
      s.figures.check(
        "baseline",
        "own reads not showing the submit",
        `${w.staleOwnReads} of ${w.ownReads}`,
        "0",
        w.staleOwnReads === 0,
      );
    },
  },
  {
    name: "kill-api",
    fault: "kill -9 of API B (one process) while students submit; restarted as systemd would",
    budgetMs: 120_000,
    async run(http, s) {
      const w = await underLoad(http, s, "kill-api", {
        fault: async () => {
          api(s, "B").group.signal("SIGKILL");
          await sleep(2000);
          await s.topology.startApi("B");
        },
      });
      waveFigures(s, "kill-api", w, { allowed5xx: /^502 /, maxRetryWaitMs: 10_000 });
    },
  },
  {
    name: "kill-cluster-worker",
    fault: "kill -9 of one of API A's two processes (WEB_CONCURRENCY=2); its primary forks another",
    budgetMs: 90_000,
    async run(http, s) {
      let reforked = false;
      const w = await underLoad(http, s, "kill-cluster-worker", {
        tailMs: 3000,
        fault: async () => {
          const before = clusterWorkers(api(s, "A"));
          const victim = before[0] as number;
          process.kill(victim, "SIGKILL");
          const t = Date.now();
          while (Date.now() - t < 60_000) {
            const now = clusterWorkers(api(s, "A"));
            if (now.length === before.length && !now.includes(victim)) {
              reforked = true;
              break;
            }
            await sleep(200);
          }
        },
      });
      s.figures.check("kill-cluster-worker", "primary forked a new process", String(reforked), "true", reforked);
      waveFigures(s, "kill-cluster-worker", w, { allowed5xx: /^502 /, maxRetryWaitMs: 10_000 });
    },
  },
  {
    name: "sigterm-api",
    fault: "SIGTERM of API B under load behind nginx (keep-alive upstream connections open)",
    budgetMs: 120_000,
    run: (http, s) => drainPhase(http, s, "sigterm-api", "B"),
  },
  {
    name: "sigterm-cluster",
    fault: "SIGTERM of API A's process group (WEB_CONCURRENCY=2: primary and both workers get it)",
    budgetMs: 120_000,
    run: (http, s) => drainPhase(http, s, "sigterm-cluster", "A"),
  },
  {
    name: "body-flood",
    fault: "an anonymous client sends 2 MB bodies twice a second (JSON and upload locations) while students work",
    budgetMs: 90_000,
    async run(http, s) {
      const flood = new Http(s.topology.url, new Tally());
      const errorLog = join(s.topology.dir, "nginx", "error.log");
      const logBefore = readFileSync(errorLog, "utf8").length;
      let sent = 0;
      const w = await underLoad(http, s, "body-flood", {
        faultAtMs: 1000,
        tailMs: 1000,
        fault: async () => {
          const shots: Promise<Answer>[] = [];
          for (let i = 0; i < 24; i++) {
            const upload = i % 2 === 1;
            sent++;
            shots.push(
              upload
                ? flood.call("POST", `/api/v1/orgs/${s.school.orgId}/media`, {
                    raw: { data: TWO_MB, type: "multipart/form-data; boundary=flood" },
                    what: "flood upload",
                  })
                : flood.call("POST", "/api/v1/auth/login", {
                    raw: { data: TWO_MB, type: "application/json" },
                    what: "flood json",
                  }),
            );
            await sleep(500);
          }
          await Promise.all(shots);
        },
      });
      const answers = [...flood.tally.byStatus].map(([st, n]) => `${st}: ${n}`).join(", ");
      const fine = flood.tally.count((st) => st === 413 || st === 401) === sent;
      s.figures.check("body-flood", "flood answers by status", answers, "413 (nginx) or 401 (API), nothing else", fine);
      const upstream = readFileSync(errorLog, "utf8")
        .slice(logBefore)
        .split("\n")
        .filter((l) => /upstream|client_body|Permission denied|\[crit\]|\[alert\]/.test(l));
      s.figures.check(
        "body-flood",
        "nginx error log: upstream failures or body buffering errors",
        upstream.length ? `${upstream.length}: ${upstream[0]?.slice(0, 160)}` : 0,
        "0",
        upstream.length === 0,
      );
      waveFigures(s, "body-flood", w, { noNetworkErrors: true });
    },
  },
  {
    name: "redis-freeze",
    fault: "Redis primary frozen (SIGSTOP) for 30 s while students submit, log in, sign up and join",
    budgetMs: 120_000,
    async run(http, s) {
      const r = s.topology.redis;
      let frozen = false;
      let probe: Promise<void> = Promise.resolve();
      const w = await underLoad(http, s, "redis-freeze", {
        tailMs: 4000,
        fault: async () => {
          r.pause();
          frozen = true;
          try {
            probe = authProbe(http, s, "redis-freeze", () => !frozen);
            await sleep(8000);
            await readyzFigure(s, "redis-freeze", { status: 200, body: "degraded" });
            await sleep(22_000);
          } finally {
            r.resume();
            frozen = false;
          }
          await probe;
        },
      });
      waveFigures(s, "redis-freeze", w, { noNetworkErrors: true });
      await jobsCatchUp(s, "redis-freeze");
    },
  },
  {
    name: "redis-restart-empty",
    fault: "worker stopped, jobs waiting in Redis; Redis stopped (no persistence), restarted empty, worker back",
    budgetMs: 150_000,
    async run(http, s) {
      const t = s.topology;
      let waiting = -1;
      let down = false;
      let probe: Promise<void> = Promise.resolve();
      const w = await underLoad(http, s, "redis-restart-empty", {
        faultAtMs: 500,
        tailMs: 4000,
        fault: async () => {
          t.worker.signal("SIGTERM");
          await Promise.race([t.worker.exited, sleep(25_000)]);
          await sleep(5000);
          // Handed to the queue, not yet handled: what an empty Redis would lose without the outbox's redelivery.
          waiting = Number(t.sql("SELECT count(*) FROM events WHERE dispatched_at IS NOT NULL AND handled_at IS NULL"));
          await t.redis.stop();
          down = true;
          try {
            probe = authProbe(http, s, "redis-restart-empty", () => !down);
            await sleep(2000);
            await readyzFigure(s, "redis-restart-empty", { status: 200, body: "degraded" });
            await sleep(4000);
          } finally {
            await t.redis.start();
            down = false;
          }
          await probe;
          await t.startWorker();
        },
      });
      s.figures.check(
        "redis-restart-empty",
        "jobs waiting in Redis when it stopped",
        waiting,
        "> 0 (the fault hit work)",
        waiting > 0,
      );
      waveFigures(s, "redis-restart-empty", w, { noNetworkErrors: true });
      await jobsCatchUp(s, "redis-restart-empty");
    },
  },
  {
    name: "kill-worker",
    fault: "kill -9 of the worker while it runs jobs; started again",
    budgetMs: 120_000,
    async run(http, s) {
      const t = s.topology;
      const w = await underLoad(http, s, "kill-worker", {
        faultAtMs: 4000,
        tailMs: 3000,
        fault: async () => {
          t.worker.signal("SIGKILL");
          await t.worker.exited;
          await sleep(2000);
          await t.startWorker();
        },
      });
      waveFigures(s, "kill-worker", w, { noNetworkErrors: true });
      await jobsCatchUp(s, "kill-worker");
    },
  },
  {
    name: "db-outage",
    fault: "PostgreSQL primary stopped for 20 s while students submit",
    budgetMs: 150_000,
    async run(http, s) {
      const t = s.topology;
      let resumedMs = -1;
      const w = await underLoad(http, s, "db-outage", {
        tailMs: 3000,
        fault: async () => {
          await t.pg.stopAsync();
          await sleep(20_000);
          await t.pg.startAsync();
          const back = Date.now();
          // A student's authenticated read: the session lookup is on the primary.
          const st = s.school.students[0] as Student;
          const probe = new Http(t.url, new Tally());
          while (Date.now() - back < 30_000) {
            const r = await probe.call("GET", `/api/v1/orgs/${s.school.orgId}/me/assignments`, {
              cookie: st.cookie,
              timeoutMs: 5000,
            });
            if (r.status === 200) {
              resumedMs = Date.now() - back;
              break;
            }
            await sleep(100);
          }
        },
      });
      s.figures.check(
        "db-outage",
        "service resumed after the database's return (ms)",
        resumedMs,
        "≤ 5000",
        resumedMs >= 0 && resumedMs <= 5000,
      );
      waveFigures(s, "db-outage", w, { allowed5xx: /^503 service_unavailable \(/, noNetworkErrors: true });
      await jobsCatchUp(s, "db-outage");
    },
  },
  {
    name: "replica-paused",
    fault: "replica replay paused (pg_wal_replay_pause): students submit and read their own work; new students join",
    budgetMs: 120_000,
    async run(http, s) {
      const t = s.topology;
      let lag = "";
      let joinReads = 0;
      let staleJoinReads = 0;
      const w = await underLoad(http, s, "replica-paused", {
        faultAtMs: 500,
        tailMs: 0,
        readBack: true,
        fault: async () => {
          t.replica.psql("SELECT pg_wal_replay_pause()");
          try {
            // New students look at their home page right after joining: their class and assignments are there.
            for (let i = 0; i < 5; i++) {
              const j = await joinStudent(http, s.school, `${s.runId}-replica`, i);
              if (!j.ok) {
                staleJoinReads++;
                continue;
              }
              const cookie = (j.student as Student).cookie;
              const me = await http.call("GET", "/api/v1/me", { cookie, what: "read own account" });
              const mine = await http.call("GET", `/api/v1/orgs/${s.school.orgId}/me/assignments?limit=100`, {
                cookie,
                what: "read own assignments",
              });
              joinReads += 2;
              const member = me.status === 200 && me.body.includes(s.school.orgId);
              if (!member) staleJoinReads++;
              if (mine.status !== 200 || !mine.body.includes(s.school.assignments.get("replica-paused") as string))
                staleJoinReads++;
              // The teacher looks at the class dashboard meanwhile (it reads the replica, and is cached).
              await http.call("GET", `/api/v1/orgs/${s.school.orgId}/classes/${s.school.classId}/dashboard`, {
                cookie: s.school.teacherCookie,
                what: "dashboard",
              });
              await sleep(1000);
            }
            await sleep(4000);
            lag = t.replica.psql("SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())").trim();
          } finally {
            t.replica.psql("SELECT pg_wal_replay_resume()");
          }
        },
      });
      s.figures.check(
        "replica-paused",
        "replica behind the primary at the end of the pause (bytes)",
        lag,
        "> 0 (it lagged)",
        Number(lag) > 0,
      );
      s.figures.check(
        "replica-paused",
        "own reads not showing the student's write (submit; join)",
        `${w.staleOwnReads} of ${w.ownReads}; ${staleJoinReads} of ${joinReads}`,
        "0",
        w.staleOwnReads === 0 && staleJoinReads === 0 && w.ownReads > 0,
      );
      waveFigures(s, "replica-paused", w, { noNetworkErrors: true });
    },
  },
];
