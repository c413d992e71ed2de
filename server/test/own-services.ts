/**
 * Throw-away PostgreSQL and Redis servers for fault tests: own data directory, free loopback port, started as
 * child processes, so a test may stop, freeze or restart them without touching the shared services. PostgreSQL
 * refuses to run as root, so under root its commands run as the `postgres` user.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function haveRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function havePostgresTools(): boolean {
  return ["initdb", "pg_ctl", "pg_basebackup", "psql"].every((b) => existsSync(join(PG_BIN, b)));
}

export interface OwnRedis {
  port: number;
  url: string;
  process: ChildProcess;
  /** Stops it (SIGTERM; nothing is saved: no persistence) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port: empty, unless started with persistence. */
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startRedis(
  opts: { persistent?: boolean; replicaOf?: number; port?: number } = {},
): Promise<OwnRedis> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "lc-redis-"));
  let child: ChildProcess;
  const args = () => [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    opts.persistent ? "yes" : "no",
    ...(opts.replicaOf ? ["--replicaof", "127.0.0.1", String(opts.replicaOf)] : []),
  ];
  const ping = () => {
    try {
      return (
        execFileSync("redis-cli", ["-p", String(port), "ping"], { timeout: 1000, stdio: ["ignore", "pipe", "ignore"] })
          .toString()
          .trim() === "PONG"
      );
    } catch {
      return false;
    }
  };
  const start = async () => {
    child = spawn("redis-server", args(), { stdio: "ignore" });
    for (let i = 0; i < 100 && !ping(); i++) await sleep(50);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get process() {
      return child;
    },
    stop,
    start,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  port: number;
  dir: string;
  /** The admin URL (database `postgres`). */
  url: string;
  urlOf(database: string): string;
  stop(): void;
  start(): void;
  /** The same as stop/start without blocking the event loop (for tests whose clients keep running meanwhile). */
  stopAsync(): Promise<void>;
  startAsync(): Promise<void>;
  /** SQL through psql, as the superuser. */
  psql(sql: string, database?: string): string;
  close(): void;
}

function postgresArgv(cmd: string, args: string[]): [string, string[]] {
  const root = process.getuid?.() === 0;
  return root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

function asPostgres(cmd: string, args: string[], opts: { timeout?: number } = {}): string {
  const [file, argv] = postgresArgv(cmd, args);
  // pg_ctl and psql may print a lot (a server log, a large result): the default 1 MiB buffer failed the cluster run.
  return execFileSync(file, argv, {
    timeout: opts.timeout ?? 60_000,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  }).toString();
}

function asPostgresAsync(cmd: string, args: string[]): Promise<void> {
  const [file, argv] = postgresArgv(cmd, args);
  return new Promise((resolve, reject) =>
    execFile(file, argv, { timeout: 60_000 }, (err) => (err ? reject(err) : resolve())),
  );
}

/** A new cluster (initdb), or a streaming replica of `replicaOf` (pg_basebackup -R), started on a free port. */
export async function startPostgres(opts: { replicaOf?: OwnPostgres } = {}): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "lc-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  if (opts.replicaOf) {
    asPostgres(join(PG_BIN, "pg_basebackup"), [
      "-h",
      "127.0.0.1",
      "-p",
      String(opts.replicaOf.port),
      "-U",
      "postgres",
      "-D",
      data,
      "-R",
      "-X",
      "stream",
      // An immediate checkpoint: the default spreads it over minutes of checkpoint_completion_target.
      "-c",
      "fast",
    ]);
  } else {
    asPostgres(join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  }
  const pgCtl = (...args: string[]) => asPostgres(join(PG_BIN, "pg_ctl"), ["-D", data, ...args]);
  const startArgs = [
    "-l",
    join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=32MB`,
    "start",
  ];
  const start = () => {
    pgCtl(...startArgs);
  };
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    dir,
    url,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      pgCtl("-m", "fast", "-w", "stop");
    },
    start,
    stopAsync: () => asPostgresAsync(join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]),
    startAsync: () => asPostgresAsync(join(PG_BIN, "pg_ctl"), ["-D", data, ...startArgs]),
    psql: (sql, database = "postgres") =>
      asPostgres(join(PG_BIN, "psql"), [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-d",
        database,
        "-Atc",
        sql,
      ]),
    close() {
      try {
        pgCtl("-m", "immediate", "-w", "stop");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Skips with one line when a tool is missing, and fails instead under REQUIRE_SERVICES=1 (CI). */
export function toolMissing(what: string, present: boolean): boolean {
  if (present) return false;
  if (process.env.REQUIRE_SERVICES === "1") throw new Error(`${what} is required (REQUIRE_SERVICES=1) but missing`);
  console.log(`skipped: ${what} is not installed`);
  return true;
}
