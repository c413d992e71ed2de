/**
 * The production topology of operations.md on loopback, on free ports, with its own data under one temporary
 * directory: PostgreSQL primary + streaming replica, Redis primary + replica, two API processes (A with
 * WEB_CONCURRENCY=2, B with one process), a worker and nginx (deploy/nginx.conf) in front.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, type OwnPostgres, type OwnRedis, sleep, startPostgres, startRedis } from "../own-services.ts";
import { NGINX, prepareNginx } from "./nginx.ts";
import { type Group, kept, logLines, onCleanup, spawnGroup } from "./processes.ts";

const BIN = fileURLToPath(new URL("../../bin/languagecloud.js", import.meta.url));

export interface Api {
  name: string;
  port: number;
  concurrency: number;
  group: Group;
}

export interface Topology {
  dir: string;
  pg: OwnPostgres;
  replica: OwnPostgres;
  redis: OwnRedis;
  redisReplica: OwnRedis;
  apis: Api[];
  worker: Group;
  nginx: Group;
  /** The address students use: nginx. */
  url: string;
  databaseUrl: string;
  /** Starts (again) the API process `name` on its port; resolves when it answers /readyz. */
  startApi(name: string): Promise<Api>;
  startWorker(): Promise<Group>;
  /** psql on the primary's application database. */
  sql(query: string): string;
}

export async function within<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function waitFor(what: string, ms: number, ok: () => Promise<boolean> | boolean): Promise<number> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(100);
  }
  return Date.now() - started;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startTopology(log: (line: string) => void): Promise<Topology> {
  const dir = mkdtempSync(join(tmpdir(), "lc-cluster-"));
  onCleanup(() => kept() !== dir && rmSync(dir, { recursive: true, force: true }));

  const pg = await startPostgres();
  onCleanup(() => pg.close());
  pg.psql("CREATE DATABASE languagecloud");
  const replica = await startPostgres({ replicaOf: pg });
  onCleanup(() => replica.close());
  log(`PostgreSQL primary :${pg.port}, streaming replica :${replica.port}`);

  const redis = await startRedis();
  onCleanup(() => redis.process.kill("SIGKILL"));
  const redisReplica = await startRedis({ replicaOf: redis.port });
  onCleanup(() => redisReplica.process.kill("SIGKILL"));
  log(`Redis primary :${redis.port}, replica :${redisReplica.port}`);

  const nginxPort = await freePort();
  const url = `http://127.0.0.1:${nginxPort}`;
  const databaseUrl = pg.urlOf("languagecloud");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    DATABASE_READ_URL: replica.urlOf("languagecloud"),
    DATABASE_POOL_SIZE: "8",
    REDIS_URL: redis.url,
    REDIS_READ_URL: redisReplica.url,
    REDIS_PREFIX: "lc:",
    SESSION_SECRET: "cluster-suite-session-secret-0123456789abcdef",
    PUBLIC_URL: url,
    TRUST_PROXY: "127.0.0.1",
    DEMO_DATA: "false",
    LOG_LEVEL: "info",
    // Cheaper password hashes (2^12 instead of 2^15) so that a few hundred sign-ups fit on two shared cores.
    PASSWORD_HASH_COST: "12",
    // Every simulated student comes through nginx from 127.0.0.1: the per-address log-in limit would be theirs.
    LOGIN_MAX_ATTEMPTS_PER_IP: "100000",
    // The redelivery of events that an emptied Redis lost, within the suite's time (production: 60 s).
    OUTBOX_REDELIVER_SECONDS: "8",
  };

  execFileSync(process.execPath, [BIN, "migrate"], {
    env: { ...env, DATA_DIR: join(dir, "migrate") },
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 120_000,
  });

  const apis: Api[] = [
    { name: "A", port: await freePort(), concurrency: 2, group: null as unknown as Group },
    { name: "B", port: await freePort(), concurrency: 1, group: null as unknown as Group },
  ];
  const startApi = async (name: string): Promise<Api> => {
    const api = apis.find((a) => a.name === name) as Api;
    const data = join(dir, `api-${name}`);
    mkdirSync(data, { recursive: true });
    const logFile = join(dir, `api-${name}.log`);
    const before = logLines(logFile, /Server listening/).length;
    api.group = spawnGroup(
      `api-${name}`,
      process.execPath,
      [BIN, "serve"],
      { ...env, PORT: String(api.port), DATA_DIR: data, WEB_CONCURRENCY: String(api.concurrency) },
      logFile,
    );
    // Ready when every one of its processes listens (a cluster primary prints nothing; each worker logs a line).
    await waitFor(`API ${name} start`, 90_000, async () => {
      if (!api.group.alive()) throw new Error(`API ${name} exited; see ${logFile}`);
      return (
        logLines(logFile, /Server listening/).length - before >= api.concurrency &&
        (await answers(`http://127.0.0.1:${api.port}/readyz`))
      );
    });
    return api;
  };
  const workerLog = join(dir, "worker.log");
  const startWorker = async (): Promise<Group> => {
    const before = logLines(workerLog, /Worker running/).length;
    const g = spawnGroup(
      "worker",
      process.execPath,
      [BIN, "worker"],
      // Each submit makes eight subscriber jobs, each a few round trips to the database: more at once, not more CPU.
      { ...env, DATA_DIR: join(dir, "worker"), JOBS_CONCURRENCY: "24", DATABASE_POOL_SIZE: "24" },
      workerLog,
    );
    await waitFor("worker start", 90_000, () => {
      if (!g.alive()) throw new Error(`the worker exited; see ${workerLog}`);
      return logLines(workerLog, /Worker running/).length > before;
    });
    topology.worker = g;
    return g;
  };

  const nginxDir = join(dir, "nginx");
  mkdirSync(nginxDir, { recursive: true });
  const conf = prepareNginx({
    dir: nginxDir,
    port: nginxPort,
    redirectPort: await freePort(),
    upstreams: apis.map((a) => a.port),
  });

  const topology: Topology = {
    dir,
    pg,
    replica,
    redis,
    redisReplica,
    apis,
    worker: null as unknown as Group,
    nginx: null as unknown as Group,
    url,
    databaseUrl,
    startApi,
    startWorker,
    sql: (query) => pg.psql(query, "languagecloud"),
  };
  // The processes start one after another: on two shared cores, starting them at once only makes each slower.
  for (const api of apis) {
    await startApi(api.name);
    log(`API ${api.name} :${api.port} (WEB_CONCURRENCY=${api.concurrency})`);
  }
  await startWorker();
  log("worker (BullMQ)");
  topology.nginx = spawnGroup(
    "nginx",
    NGINX,
    ["-p", nginxDir, "-c", conf, "-g", "daemon off;"],
    env,
    join(nginxDir, "stdout.log"),
  );
  await waitFor("nginx start", 20_000, () => answers(`${url}/readyz`));
  log(`nginx :${nginxPort} (deploy/nginx.conf)`);
  return topology;
}
