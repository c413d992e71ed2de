/**
 * Starts a bench server script in a child process and waits for the port it prints (`LISTENING <port>`). With
 * BENCH_PROFILE=<dir> in the environment the child runs under `node --cpu-prof` and writes its profile there on exit
 * (summarize with `node --import tsx bench/profile.ts <file>`).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  port: number;
  /** Whatever JSON the server printed after its port (ids, cookies…). */
  info: Record<string, string>;
  /** The server process's CPU time so far, in ms (user + system), from the scripts that answer "cpu". */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServer(script: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(`../servers/${script}`, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const info = await new Promise<{ port: number; info: Record<string, string> }>((resolve, reject) => {
    let buf = "";
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = /LISTENING (\d+) ?(.*)\n/.exec(buf);
      if (m) resolve({ port: Number(m[1]), info: m[2] ? JSON.parse(m[2]) : {} });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  return {
    ...info,
    cpuMs: () =>
      new Promise<number>((resolve) => {
        child.once("message", (m) => resolve(Number((m as { cpuMs: number }).cpuMs)));
        child.send("cpu");
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
