/**
 * nginx from the machine (/usr/sbin/nginx, or NGINX_BIN) in front of the API processes, with its own prefix, port
 * and configuration rendered from bench/servers/nginx.conf, so it never touches the machine's own nginx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Nginx {
  port: number;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (or rejects after `ms`). */
export async function waitForPort(port: number, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, "127.0.0.1");
      c.once("connect", () => {
        c.destroy();
        resolve(true);
      });
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on port ${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function renderNginxConf(o: { prefix: string; port: number; backends: number[] }): string {
  const template = readFileSync(fileURLToPath(new URL("../servers/nginx.conf", import.meta.url)), "utf8");
  // Run as root (as in a container), the workers would switch to `nobody`, who cannot write our temp paths.
  const user = process.getuid?.() === 0 ? "user root root;" : "";
  return template
    .replaceAll("{{user}}", user)
    .replaceAll("{{prefix}}", o.prefix)
    .replaceAll("{{port}}", String(o.port))
    .replaceAll("{{upstreams}}", o.backends.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join("\n"));
}

export async function startNginx(backends: number[]): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), "lc-bench-nginx-"));
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(prefix, d));
  const port = await freePort();
  const conf = join(prefix, "nginx.conf");
  writeFileSync(conf, renderNginxConf({ prefix, port, backends }));
  const bin = process.env.NGINX_BIN ?? "/usr/sbin/nginx";
  const child: ChildProcess = spawn(bin, ["-p", prefix, "-c", conf, "-e", join(prefix, "error.log")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await Promise.race([
    waitForPort(port, 10_000),
    exited.then(() => {
      throw new Error(`nginx exited before listening; see ${join(prefix, "error.log")}`);
    }),
  ]);
  return {
    port,
    async stop() {
      child.kill("SIGQUIT"); // graceful: finish what is in flight
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
