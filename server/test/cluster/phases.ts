/**
 * The phases of the cluster suite: one per fault of operations.md's table, each injected while students work,
 * each with the figures that hold its promise. A phase has its own assignment, so that what it acknowledged and
 * what was stored can be compared phase by phase at the end (verify.ts).
 */

import { execFileSync } from "node:child_process";
import { sleep } from "../own-services.ts";
import type { Figures } from "./figures.ts";
import type { Http, Tally } from "./http.ts";
import { type Ack, runWave, type School, type Student, type WaveResult } from "./students.ts";
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
    concurrency: o.concurrency ?? 40,
    stop: () => stop,
    maxCyclesPerStudent: 20,
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
];
