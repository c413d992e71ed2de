/**
 * `languagecloud backup` / `restore` (operations.md): the round trip between engines is exact (canonical
 * comparison of a second backup), `--new-org` remaps ids consistently, and every refusal writes nothing.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createGunzip, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { backupCommand, restoreCommand } from "../src/commands/backup.command.ts";
import { type CommandRun, runCommand } from "../src/commands/testing.ts";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { openDatabase } from "../src/db/database.ts";
import { readTar, TarWriter } from "../src/modules/backup/tar.ts";
import { MP3, seedOrganization } from "./backup-fixtures.ts";
import {
  Client,
  createTestApp,
  createTestDatabase,
  type Engine,
  type TestApp,
  type TestDatabase,
  testEngines,
} from "./harness.ts";

const work = mkdtempSync(join(tmpdir(), "lc-backup-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Target {
  url: string;
  dataDir: string;
}

/** Runs a command in process with its own DATABASE_URL and DATA_DIR, as an operator's shell would. */
async function run(
  command: typeof backupCommand,
  argv: string[],
  target: Target,
  env: Record<string, string> = {},
): Promise<CommandRun> {
  const vars = { DATABASE_URL: target.url, DATA_DIR: target.dataDir, LOG_LEVEL: "silent", ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await runCommand(command, argv, process.stdin);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The archive's parts: name → bytes (small test archives only). */
async function parts(file: string): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  const source = createReadStream(file).pipe(createGunzip());
  for await (const entry of readTar(source as unknown as AsyncIterable<Buffer>)) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.body) chunks.push(chunk);
    result.set(entry.name, Buffer.concat(chunks));
  }
  return result;
}

/** Content without the manifest's time: table rows as sorted lines (engines sort text differently), media bytes. */
function canonical(
  archive: Map<string, Buffer>,
  rewrite: (line: string) => string = (l) => l,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, bytes] of archive) {
    if (name === "manifest.json") continue;
    const body = name.startsWith("media/") ? createHash("sha256").update(bytes).digest("hex") : bytes.toString("utf8");
    out[rewrite(name)] = name.startsWith("tables/") ? body.split("\n").filter(Boolean).map(rewrite).sort() : [body];
  }
  return out;
}

async function emptyTarget(engine: Engine): Promise<Target & TestDatabase & { cleanup(): Promise<void> }> {
  const database = await createTestDatabase(engine);
  const dataDir = mkdtempSync(join(work, "data-"));
  return {
    ...database,
    dataDir,
    async cleanup() {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function countRows(url: string, table: "organizations" | "attempts" | "users") {
  const database = openDatabase(url);
  try {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await database.close();
  }
}

const engines = testEngines();
const PAIRS: [Engine, Engine][] = (
  [
    ["sqlite", "postgres"],
    ["postgres", "mysql"],
    ["mysql", "sqlite"],
  ] as [Engine, Engine][]
).filter(([a, b]) => engines.includes(a) && engines.includes(b));
if (PAIRS.length === 0) PAIRS.push(["sqlite", "sqlite"]);

describe.each(PAIRS)("backup on %s, restore on %s", (from, to) => {
  let src: TestApp;
  let seed: Awaited<ReturnType<typeof seedOrganization>>;
  let dst: Awaited<ReturnType<typeof emptyTarget>>;
  const first = join(work, `${from}-${to}-1.tar.gz`);
  const second = join(work, `${from}-${to}-2.tar.gz`);

  beforeAll(async () => {
    src = await createTestApp(from);
    seed = await seedOrganization(src);
    dst = await emptyTarget(to);
    const source = { url: src.ctx.config.DATABASE_URL, dataDir: src.dataDir };
    const b = await run(backupCommand, ["--org", seed.orgId, "--out", first], source);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/backup: responses \d+ rows/);
  }, 180_000);
  afterAll(async () => {
    await src?.close();
    await dst?.cleanup();
  });

  it("restores into an empty database (migrating it) and a second backup has the same content", async () => {
    const r = await run(restoreCommand, [first], dst);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
    expect(result.organizationId).toBe(seed.orgId);
    expect(result.counts.attempts).toBe(3);
    expect(result.counts.media).toBe(1);
    expect(result.counts.mediaFiles).toBe(1);

    const b = await run(backupCommand, ["--org", seed.orgId, "--out", second], dst);
    expect(b.code, b.stderr).toBe(0);
    const a1 = await parts(first);
    const a2 = await parts(second);
    expect(canonical(a2)).toEqual(canonical(a1));

    // What was seeded is there, and nothing of the other organization.
    const tables = [...a1.keys()].filter((n) => n.startsWith("tables/"));
    for (const t of [
      "organizations",
      "users",
      "memberships",
      "exercises",
      "exercise_versions",
      "media",
      "classes",
      "class_students",
      "assignments",
      "attempts",
      "attempt_drafts",
      "responses",
      "response_grades",
    ]) {
      expect(tables, t).toContain(`tables/${t}.jsonl`);
      expect((a1.get(`tables/${t}.jsonl`) as Buffer).length, t).toBeGreaterThan(0);
    }
    const all = [...a1.values()].map((b) => b.toString("utf8")).join("\n");
    expect(all).not.toContain(seed.otherOrgId);
    expect(all).not.toContain("Not theirs");
    // No credentials: sessions, keys, tokens are not even parts.
    expect(tables).not.toContain("tables/sessions.jsonl");
    expect(tables).not.toContain("tables/api_keys.jsonl");
    const manifest = JSON.parse((a1.get("manifest.json") as Buffer).toString());
    expect(manifest.format).toBe(1);
    expect(manifest.organization.id).toBe(seed.orgId);

    // People log in after the restore elsewhere, with the password they had, and find their file.
    const ctx = createContext(
      loadConfig({ DATABASE_URL: dst.url, DATA_DIR: dst.dataDir, LOG_LEVEL: "silent", DEMO_DATA: "false" }),
    );
    const app = await buildApp(ctx, { webRoot: join(dst.dataDir, "no-web") });
    try {
      const owner = new Client(app);
      const login = await owner.post("/api/v1/auth/login", { email: seed.owner.email, password: seed.owner.password });
      expect(login.statusCode, login.body).toBe(200);
      const file = await owner.get(`/api/v1/orgs/${seed.orgId}/media/${seed.mediaId}`);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.rawPayload.equals(MP3)).toBe(true);
    } finally {
      await app.close();
      await ctx.close();
    }
  });

  it("refuses to restore the same archive twice, and writes nothing", async () => {
    const before = await countRows(dst.url, "attempts");
    const r = await run(restoreCommand, [first], dst);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists/);
    expect(await countRows(dst.url, "attempts")).toBe(before);
  });

  it("--new-org gives every organization row a new id, keeps every reference and the people, draws new join codes", async () => {
    const r = await run(restoreCommand, [first, "--new-org"], dst);
    expect(r.code, r.stderr).toBe(0);
    const { organizationId } = JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
    expect(organizationId).not.toBe(seed.orgId);
    const third = join(work, `${from}-${to}-3.tar.gz`);
    expect((await run(backupCommand, ["--org", organizationId, "--out", third], dst)).code).toBe(0);
    const a1 = await parts(first);
    const a3 = await parts(third);

    // Pair the rows of every `id`-keyed table by position in id order (remapping keeps an id's time prefix).
    const map = new Map<string, string>([[seed.orgId, organizationId]]);
    for (const [name, bytes] of a1) {
      if (!name.startsWith("tables/") || name === "tables/users.jsonl") continue;
      const ids = (b: Buffer | undefined) =>
        (b ?? Buffer.alloc(0))
          .toString()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l).id as string | undefined)
          .filter((id): id is string => !!id)
          .sort();
      const olds = ids(bytes);
      const news = ids(a3.get(name));
      expect(news.length, name).toBe(olds.length);
      for (const [i, id] of olds.entries()) map.set(id, news[i] as string);
    }
    // Stored files get new keys too (they name the organization and a uuid of their own).
    const keys = (b: Buffer | undefined) =>
      new Map(
        (b?.toString() ?? "")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { id: string; storage_key: string })
          .map((m) => [m.id, m.storage_key.split("/").at(-1) as string]),
      );
    const oldKeys = keys(a1.get("tables/media.jsonl"));
    const newKeys = keys(a3.get("tables/media.jsonl"));
    for (const [id, key] of oldKeys) map.set(key, newKeys.get(map.get(id) as string) as string);
    for (const [o, n] of map) expect(n, `${o} remapped`).not.toBe(o);
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const noCode = (line: string) => line.replace(/"join_code":"[A-Z0-9]+"/, '"join_code":"…"');
    const remapped = canonical(a1, (l) => noCode(l.replace(uuid, (id) => map.get(id) ?? id)));
    expect(canonical(a3, noCode)).toEqual(remapped);
    // The same people (user rows unchanged), and new codes.
    expect(a3.get("tables/users.jsonl")?.toString()).toBe(a1.get("tables/users.jsonl")?.toString());
    const codes = (b: Buffer | undefined) => (b?.toString() ?? "").match(/"join_code":"[A-Z0-9]+"/g);
    expect(codes(a3.get("tables/classes.jsonl"))).not.toEqual(codes(a1.get("tables/classes.jsonl")));
  });
});

describe("refusals: damaged, truncated, encrypted with another passphrase, newer format", () => {
  let src: TestApp;
  let seed: Awaited<ReturnType<typeof seedOrganization>>;
  let dst: Awaited<ReturnType<typeof emptyTarget>>;
  const plain = join(work, "plain.tar.gz");
  const sealed = join(work, "sealed.tar.gz.enc");
  const env = { LC_BACKUP_PASSPHRASE: "correct horse battery staple", LC_WRONG: "incorrect horse" };

  beforeAll(async () => {
    src = await createTestApp("sqlite");
    seed = await seedOrganization(src);
    dst = await emptyTarget("sqlite");
    const source = { url: src.ctx.config.DATABASE_URL, dataDir: src.dataDir };
    expect((await run(backupCommand, ["--org", seed.orgId, "--out", plain], source)).code).toBe(0);
    const e = await run(
      backupCommand,
      ["--org", seed.orgId, "--out", sealed, "--passphrase-env", "LC_BACKUP_PASSPHRASE"],
      source,
      env,
    );
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(sealed).subarray(0, 8).toString()).toBe("LCBKENC1");
    expect(readFileSync(sealed).includes(Buffer.from(seed.owner.email))).toBe(false);
  }, 120_000);
  afterAll(async () => {
    await src?.close();
    await dst?.cleanup();
  });

  async function refused(file: string, pattern: RegExp, argv: string[] = []) {
    const r = await run(restoreCommand, [file, ...argv], dst, env);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(pattern);
    expect(await countRows(dst.url, "organizations")).toBe(0);
    expect(await countRows(dst.url, "users")).toBe(0);
    const files = join(dst.dataDir, "files");
    const stored = existsSync(files)
      ? readdirSync(files, { recursive: true }).filter(
          (f) => String(f).includes(seed.mediaId.slice(0, 8)) || String(f).match(/[0-9a-f]{8}-/),
        )
      : [];
    expect(stored).toEqual([]);
  }

  function altered(source: string, name: string, change: (b: Buffer) => Buffer): string {
    const target = join(work, name);
    writeFileSync(target, change(Buffer.from(readFileSync(source))));
    return target;
  }

  const flip = (at: number) => (b: Buffer) => {
    const i = Math.floor(b.length * at);
    b[i] = (b[i] as number) ^ 0x40;
    return b;
  };

  it("a flipped byte (plain or encrypted)", async () => {
    await refused(altered(plain, "flipped.tar.gz", flip(0.5)), /damaged/);
    await refused(altered(sealed, "flipped.enc", flip(0.5)), /damaged/, ["--passphrase-env", "LC_BACKUP_PASSPHRASE"]);
  });

  it("a truncated file (plain or encrypted)", async () => {
    await refused(
      altered(plain, "cut.tar.gz", (b) => b.subarray(0, Math.floor(b.length * 0.7))),
      /damaged|truncated/,
    );
    await refused(
      altered(sealed, "cut.enc", (b) => b.subarray(0, b.length - 100)),
      /truncated|damaged/,
      ["--passphrase-env", "LC_BACKUP_PASSPHRASE"],
    );
  });

  it("a wrong passphrase, or none for an encrypted archive", async () => {
    await refused(sealed, /wrong passphrase/, ["--passphrase-env", "LC_WRONG"]);
    await refused(sealed, /encrypted.*--passphrase-env/);
  });

  it("a file that does not exist, before touching the database", async () => {
    const fresh = await emptyTarget("sqlite");
    try {
      const r = await run(restoreCommand, [join(work, "missing.tar.gz")], fresh);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot read/);
      expect(existsSync(fresh.url.replace(/^sqlite:/, ""))).toBe(false);
    } finally {
      await fresh.cleanup();
    }
  });

  it("an archive of a newer format, and a file that is no archive", async () => {
    const newer = join(work, "newer.tar.gz");
    const tarOut = new PassThrough();
    const chunks: Buffer[] = [];
    tarOut.on("data", (c) => chunks.push(c));
    const tar = new TarWriter(tarOut);
    const manifest = Buffer.from(
      JSON.stringify({ format: 2, organization: { id: seed.orgId, name: "x" }, counts: {}, parts: {} }),
    );
    await tar.entry("manifest.json", manifest.length, manifest);
    await tar.end();
    writeFileSync(newer, gzipSync(Buffer.concat(chunks)));
    await refused(newer, /format 2, newer than this version/);
    await refused(
      altered(plain, "text.txt", () => Buffer.from("hello\n")),
      /damaged/,
    );
  });

  it("restores the encrypted archive with its passphrase", async () => {
    const r = await run(restoreCommand, [sealed, "--passphrase-env", "LC_BACKUP_PASSPHRASE"], dst, env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim()).organizationId).toBe(seed.orgId);
  });
});
