/**
 * `node --import tsx bench/backup-restore.ts [--responses 1000000] [--media-mb 200] [--db sqlite] [--to sqlite]`:
 * time and peak memory (max RSS) of `languagecloud backup` and `restore` for one organization, each run as its own
 * process exactly as an operator would (`/usr/bin/time` reads the RSS). Not part of `npm run bench`: it takes
 * minutes. The same-run baseline is `gzip -6` of the SQLite database file (the least work a compressed copy of the
 * same rows does), for a ratio that survives a noisy machine.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Dialect } from "../server/src/db/types.ts";
import { newStorageKey } from "../server/src/infra/storage/storage.ts";
import { newId, nowIso } from "../server/src/lib/ids.ts";
import { generateAssignment, openBenchDatabase } from "./lib/generate.ts";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) =>
  args.includes(name) ? (args[args.indexOf(name) + 1] as string) : fallback;
const responses = Number(arg("--responses", "1000000"));
const mediaMb = Number(arg("--media-mb", "200"));
const from = arg("--db", "sqlite") as Dialect;
const to = arg("--to", from) as Dialect;
const cli = join(import.meta.dirname, "../server/bin/languagecloud.js");

function timed(argv: string[], env: Record<string, string>) {
  const res = spawnSync("/usr/bin/time", ["-f", "TIME %e %M", process.execPath, cli, ...argv], {
    env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = res.stderr.trim().split("\n").at(-1) ?? "";
  const m = /^TIME ([\d.]+) (\d+)$/.exec(last);
  if (res.status !== 0 || !m) throw new Error(`${argv[0]} failed (${res.status}): ${res.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), maxRssMb: Number(m[2]) / 1024, stdout: res.stdout.trim() };
}

const source = await openBenchDatabase(from);
const target = await openBenchDatabase(to);
const work = mkdtempSync(join(tmpdir(), "lc-bench-backup-"));
try {
  const gen = await generateAssignment(source, { attempts: Math.ceil(responses / 20) });
  process.stderr.write(`generated ${gen.responses.toLocaleString("en")} responses in ${gen.seconds.toFixed(1)} s\n`);
  // Media: files of 10 MB, streamed into storage (never held whole).
  const files = Math.ceil(mediaMb / 10);
  for (let i = 0; i < files; i++) {
    const key = newStorageKey("media", gen.orgId);
    const size = 10 * 1024 * 1024;
    const chunk = randomBytes(1024 * 1024);
    await source.ctx.storage.put(
      key,
      Readable.from(
        (function* () {
          for (let k = 0; k < 10; k++) yield chunk;
        })(),
      ),
      "application/octet-stream",
    );
    await source.ctx.database.db
      .insertInto("media")
      .values({
        id: newId(),
        organization_id: gen.orgId,
        storage_key: key,
        filename: `f${i}.bin`,
        content_type: "application/octet-stream",
        size,
        sha256: "-",
        created_by: null,
        created_at: nowIso(),
        deleted_at: null,
      })
      .execute();
  }
  const sourceEnv = { DATABASE_URL: source.url, DATA_DIR: source.ctx.config.DATA_DIR };
  const targetEnv = { DATABASE_URL: target.url, DATA_DIR: target.ctx.config.DATA_DIR };
  await source.ctx.close();
  await target.ctx.close();

  const archive = join(work, "org.tar.gz");
  const backup = timed(["backup", "--org", gen.orgId, "--out", archive], sourceEnv);
  const restore = timed(["restore", archive], targetEnv);
  const bytes = statSync(archive).size;
  let baseline: number | null = null;
  if (from === "sqlite") {
    const t0 = performance.now();
    execFileSync("sh", ["-c", `gzip -6 -c '${source.url.replace(/^sqlite:/, "")}' > '${join(work, "db.gz")}'`]);
    baseline = (performance.now() - t0) / 1000;
  }
  const result = {
    responses: gen.responses,
    mediaMb: files * 10,
    from,
    to,
    archiveMb: Math.round(bytes / 1024 / 1024),
    backup: { seconds: backup.seconds, maxRssMb: Math.round(backup.maxRssMb) },
    restore: { seconds: restore.seconds, maxRssMb: Math.round(restore.maxRssMb) },
    baselineGzipSeconds: baseline,
    backupRatio: baseline ? Number((backup.seconds / baseline).toFixed(2)) : null,
    restoreCounts: JSON.parse(restore.stdout.split("\n").at(-1) as string).counts.responses,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await source.close().catch(() => {});
  await target.close().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
