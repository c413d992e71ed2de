/**
 * nginx from Debian in front of the cluster, configured by the file that ships (deploy/nginx.conf): only the lines
 * marked "rendered by the cluster suite" change (addresses, ports, the pid, log and temporary directories, TLS,
 * which is not under test), and a marked line this renderer does not expect, or one it expects and does not find,
 * stops the suite. The limits, keep-alive, timeouts and retries under test are the shipped ones.
 */
import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const NGINX = process.env.NGINX_BIN ?? "/usr/sbin/nginx";
export const SHIPPED_CONF = fileURLToPath(new URL("../../../deploy/nginx.conf", import.meta.url));
const MARK = "# rendered by the cluster suite";

export interface NginxRender {
  /** Where nginx's pid, logs and temporary files go. */
  dir: string;
  port: number;
  redirectPort: number;
  upstreams: number[];
}

export function renderNginxConf(shipped: string, r: NginxRender): string {
  const root = process.getuid?.() === 0;
  const upstreams = [...r.upstreams];
  const seen = new Map<string, number>();
  const replace: Record<string, (line: string) => string> = {
    // As root the workers run as www-data, as in production, so the temporary directories below must be theirs.
    user: (line) => (root ? line : ""),
    pid: () => `pid ${join(r.dir, "nginx.pid")};`,
    error_log: () => `error_log ${join(r.dir, "error.log")} warn;`,
    access_log: () => `access_log ${join(r.dir, "access.log")};`,
    client_body_temp_path: () => `client_body_temp_path ${join(r.dir, "tmp", "client_body")} 1 2;`,
    proxy_temp_path: () => `proxy_temp_path ${join(r.dir, "tmp", "proxy")} 1 2;`,
    fastcgi_temp_path: () => `fastcgi_temp_path ${join(r.dir, "tmp", "fastcgi")};`,
    uwsgi_temp_path: () => `uwsgi_temp_path ${join(r.dir, "tmp", "uwsgi")};`,
    scgi_temp_path: () => `scgi_temp_path ${join(r.dir, "tmp", "scgi")};`,
    server: (line) => {
      const port = upstreams.shift();
      if (port === undefined) throw new Error("deploy/nginx.conf has more upstream servers than the suite runs");
      return line.replace(/server\s+\S+/, `server 127.0.0.1:${port}`);
    },
    listen: (line) => (/\b443\b/.test(line) ? `listen 127.0.0.1:${r.port};` : `listen 127.0.0.1:${r.redirectPort};`),
    ssl_certificate: () => "",
    ssl_certificate_key: () => "",
  };
  const lines = shipped.split("\n").map((line) => {
    if (!line.includes(MARK)) return line;
    const indent = /^\s*/.exec(line)?.[0] ?? "";
    const directive = line.trim().split(/\s+/)[0] as string;
    const fn = replace[directive];
    if (!fn) throw new Error(`deploy/nginx.conf: the suite does not know how to render "${line.trim()}"`);
    seen.set(directive, (seen.get(directive) ?? 0) + 1);
    const out = fn(line.slice(0, line.indexOf(MARK)).trim());
    return out ? `${indent}${out}` : `${indent}# (${directive}: not under test)`;
  });
  const missing = Object.keys(replace).filter((d) => !seen.has(d));
  if (missing.length) throw new Error(`deploy/nginx.conf: marked lines missing for ${missing.join(", ")}`);
  if (upstreams.length) throw new Error("deploy/nginx.conf has fewer upstream servers than the suite runs");
  return lines.join("\n");
}

/** Writes the rendered configuration and its directories; returns the configuration's path (checked by nginx -t). */
export function prepareNginx(r: NginxRender): string {
  const tmp = join(r.dir, "tmp");
  for (const d of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(tmp, d), { recursive: true });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "www-data"]).toString());
    const gid = Number(execFileSync("id", ["-g", "www-data"]).toString());
    for (const d of ["", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) chownSync(join(tmp, d), uid, gid);
  }
  const conf = join(r.dir, "nginx.conf");
  writeFileSync(conf, renderNginxConf(readFileSync(SHIPPED_CONF, "utf8"), r));
  execFileSync(NGINX, ["-t", "-q", "-p", r.dir, "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  return conf;
}
