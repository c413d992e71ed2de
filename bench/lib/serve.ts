/**
 * `languagecloud serve` as an operator runs it, in its own process: production mode, logging at info, background
 * jobs in process (no Redis), behind a proxy. Ready once /healthz answers. With BENCH_PROFILE=<dir> it runs under
 * `node --cpu-prof` like the other bench servers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "./nginx.ts";

export interface ServeProcess {
  port: number;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL("../../server/bin/languagecloud.js", import.meta.url));

export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), BIN, "serve"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "info",
        TRUST_PROXY: "127.0.0.1",
        DEMO_DATA: "false",
        ...env,
      },
      // The request log goes nowhere, but it is still written, as in production.
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const end = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("wait"), 200))]);
    if (code !== "wait") throw new Error(`languagecloud serve exited with ${code} before answering /healthz`);
    if (Date.now() > end) throw new Error("languagecloud serve did not answer /healthz within 60 s");
  }
  return {
    port,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
