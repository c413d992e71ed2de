/**
 * Child processes of the cluster suite, each in its own process group (so a signal reaches a cluster primary and
 * its workers together, as from a service manager) with its output in a log file, and one registry that kills
 * every group still alive when the suite ends, however it ends.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface Group {
  name: string;
  child: ChildProcess;
  pid: number;
  log: string;
  /** Resolves with the exit time (ms since the epoch) and code once the leader exits. */
  exited: Promise<{ at: number; code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** Sends `signal` to the whole group (the leader and its children). */
  signal(signal: NodeJS.Signals): void;
  /** True while any process of the group is alive (a cluster's workers may outlive their primary). */
  groupAlive(): boolean;
}

const groups = new Set<Group>();
const cleanups: (() => void)[] = [];

export function spawnGroup(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, log: string): Group {
  const fd = openSync(log, "a");
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const exited = new Promise<{ at: number; code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ at: Date.now(), code, signal })),
  );
  const group: Group = {
    name,
    child,
    pid,
    log,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    signal(signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is gone already
      }
    },
    groupAlive() {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
  groups.add(group);
  void exited.then(() => {
    if (!group.groupAlive()) groups.delete(group);
  });
  return group;
}

/** Something else to undo at the end (stop a database, remove a directory); run in reverse order, synchronously. */
export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

let keep: string | null = null;
/** Keeps `dir` (the logs) instead of removing it: after a failure, so the logs can be read. */
export function keepDirectory(dir: string): void {
  keep = dir;
}
export const kept = () => keep;

let cleaned = false;
/** Kills every group still alive and runs the cleanups. Synchronous, so it also works in an `exit` handler. */
export function cleanupAll(): void {
  if (cleaned) return;
  cleaned = true;
  for (const g of groups) {
    g.signal("SIGCONT");
    g.signal("SIGKILL");
  }
  groups.clear();
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      // best effort: the next cleanup still runs
    }
  }
}

/** Lines of a log file that match `re` (pino JSON lines, or any text). */
export function logLines(file: string, re: RegExp): string[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => re.test(l));
  } catch {
    return [];
  }
}
