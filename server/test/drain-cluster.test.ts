/**
 * SIGTERM of `serve` with WEB_CONCURRENCY=2 (node:cluster), the way a service manager sends it: to the whole
 * process group, so the primary and both workers get it, and the primary passes it on once more. Every request
 * already received is answered and every process is gone within 10 s. Before the fix the workers never exited
 * (their channel to the primary kept them alive, and the primary counted `cluster.workers`, which still lists a
 * worker whose "exit" came before its "disconnect"), and the forwarded second signal killed a worker mid-drain.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openSocket, readResponse } from "./http-socket.ts";
import { freePort, sleep } from "./own-services.ts";

const BIN = fileURLToPath(new URL("../bin/languagecloud.js", import.meta.url));

interface Served {
  proc: ChildProcess;
  port: number;
  dir: string;
}

let served: Served | null = null;

async function startCluster(): Promise<Served> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "lc-drain-cluster-"));
  // Its own process group (detached), so the test can signal the group as systemd does, and clean it up whole.
  const proc = spawn(process.execPath, [BIN, "serve"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, "db.sqlite")}`,
      DEMO_DATA: "false",
      LOG_LEVEL: "info",
      REDIS_URL: "",
      WEB_CONCURRENCY: "2",
    },
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  served = { proc, port, dir };
  // The primary prints nothing; each worker logs one line when it listens.
  let listening = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the two workers did not come up")), 60_000);
    proc.stdout?.on("data", (d: Buffer) => {
      listening += d.toString().split("Server listening").length - 1;
      if (listening >= 2) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
  return served;
}

/** True while any process of the group is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pid: number, ms: number): Promise<number> {
  const started = Date.now();
  while (groupAlive(pid) && Date.now() - started < ms) await sleep(50);
  return Date.now() - started;
}

afterEach(() => {
  if (!served) return;
  const pid = served.proc.pid as number;
  if (groupAlive(pid)) process.kill(-pid, "SIGKILL");
  rmSync(served.dir, { recursive: true, force: true });
  served = null;
});

describe("SIGTERM drain of serve under WEB_CONCURRENCY=2", () => {
  it("answers a request being received when the group is signalled, and every process exits within 10 s", {
    timeout: 90_000,
  }, async () => {
    const { proc, port } = await startCluster();
    const pid = proc.pid as number;
    const uploading = await openSocket(port);
    const body = JSON.stringify({ email: "nobody@example.org", password: "not the password" });
    uploading.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    const answered = readResponse(uploading);
    await sleep(200);
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    process.kill(-pid, "SIGTERM");
    await sleep(300);
    uploading.write(body.slice(10));
    expect((await answered).status).toBe(401);
    const took = await waitGroupGone(pid, 15_000);
    console.log(`cluster drain: every process gone ${took} ms after SIGTERM`);
    expect(took).toBeLessThan(10_000);
    expect(await exited).toBe(0);
  });

  it("exits within 10 s when only the primary is signalled", { timeout: 90_000 }, async () => {
    const { proc } = await startCluster();
    const pid = proc.pid as number;
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    proc.kill("SIGTERM");
    const took = await waitGroupGone(pid, 15_000);
    expect(took).toBeLessThan(10_000);
    expect(await exited).toBe(0);
  });
});
