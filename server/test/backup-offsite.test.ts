/**
 * deploy/backup-orgs.sh as the nightly unit runs it (docs/deployment.md, section 6): every organization backed up,
 * encrypted, copied by rclone to an S3-protocol remote (s3rver, a real S3 server over HTTP), retention applied,
 * and an archive fetched back from the remote restores elsewhere with the same counts. Debian's rclone is
 * installed by .ci/run.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganization } from "./backup-fixtures.ts";
import { createTestApp, requireServices, signUp, type TestApp, testEngines } from "./harness.ts";
import { startS3, type TestS3 } from "./s3rver.ts";

const repo = join(import.meta.dirname, "../..");
const script = join(repo, "deploy/backup-orgs.sh");
const cli = join(repo, "server/bin/languagecloud.js");

const haveRclone = spawnSync("rclone", ["version"]).status === 0;
if (!haveRclone && requireServices()) throw new Error("REQUIRE_SERVICES=1 but rclone is missing");

const PASSPHRASE = "correct horse battery staple, offsite";

/**
 * Runs a program and collects its output without blocking this process: the S3 server rclone talks to runs in
 * this process's event loop, so a synchronous spawn would leave rclone waiting on it for ever.
 */
function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe.skipIf(!haveRclone).each(testEngines())("backup-orgs.sh with rclone to S3 (%s)", (engine) => {
  let t: TestApp;
  let s3: TestS3;
  let client: S3Client;
  let orgIds: string[];
  const work = mkdtempSync(join(tmpdir(), "lc-offsite-"));

  /** The variables of the unit: the deployment's own, backup.env's, and an rclone remote named "offsite". */
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? "",
    HOME: work,
    DATABASE_URL: t.ctx.config.DATABASE_URL,
    DATA_DIR: t.dataDir,
    LOG_LEVEL: "silent",
    BACKUP_PASSPHRASE: PASSPHRASE,
    BACKUP_REMOTE: `offsite:${s3.bucket}`,
    BACKUP_KEEP_DAYS: "30",
    // rclone reads a remote's configuration from RCLONE_CONFIG_<NAME>_<OPTION> as well as from rclone.conf.
    RCLONE_CONFIG_OFFSITE_TYPE: "s3",
    RCLONE_CONFIG_OFFSITE_PROVIDER: "Other",
    RCLONE_CONFIG_OFFSITE_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_OFFSITE_REGION: "us-east-1",
    RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID: "S3RVER",
    RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY: "S3RVER",
    RCLONE_CONFIG_OFFSITE_FORCE_PATH_STYLE: "true",
    ...extra,
  });
  const keys = async () =>
    ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key as string);

  beforeAll(async () => {
    s3 = await startS3("offsite");
    client = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    t = await createTestApp(engine);
    const seeded = await seedOrganization(t);
    const other = await signUp(t.app, { organizationName: "Second School" });
    orgIds = [seeded.orgId, other.orgId];
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("sends every organization's encrypted archive to the remote and deletes the expired ones", async () => {
    // An archive from long ago (rclone keeps a file's time in the object's mtime metadata) and a recent one.
    const old = "expired/expired-20200101T000000Z.tar.gz.enc";
    const recent = "kept/kept-recent.tar.gz.enc";
    await client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: old, Body: "x", Metadata: { mtime: "1577836800" } }),
    );
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: recent, Body: "y" }));

    const r = await run("sh", [script], env());
    expect(r.status, r.stderr).toBe(0);
    for (const id of orgIds) expect(r.stdout).toContain(`backed up ${id}`);

    const stored = await keys();
    for (const id of orgIds) {
      expect(stored.filter((k) => new RegExp(`^${id}/${id}-\\d{8}T\\d{6}Z\\.tar\\.gz\\.enc$`).test(k))).toHaveLength(1);
    }
    expect(stored).toContain(recent);
    expect(stored).not.toContain(old);
  }, 240_000);

  it("an archive fetched from the remote restores into another installation with the same counts", async () => {
    const [orgId] = orgIds as [string];
    const key = (await keys()).find((k) => k.startsWith(`${orgId}/`)) as string;
    const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    const file = join(work, "fetched.tar.gz.enc");
    writeFileSync(
      file,
      Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()),
    );

    // What the source holds, by an unencrypted backup of the same organization made here.
    const direct = await run(
      process.execPath,
      [cli, "backup", "--org", orgId, "--out", join(work, "direct.tar.gz")],
      env(),
    );
    expect(direct.status, direct.stderr).toBe(0);
    const expected = JSON.parse(direct.stdout.trim().split("\n").at(-1) as string).counts as Record<string, number>;
    expect(expected.responses).toBeGreaterThan(0);

    const elsewhere = mkdtempSync(join(work, "elsewhere-"));
    const restored = await run(process.execPath, [cli, "restore", file, "--passphrase-env", "BACKUP_PASSPHRASE"], {
      ...env(),
      DATABASE_URL: `sqlite:${join(elsewhere, "lc.sqlite")}`,
      DATA_DIR: elsewhere,
    });
    expect(restored.status, restored.stderr).toBe(0);
    const result = JSON.parse(restored.stdout.trim().split("\n").at(-1) as string);
    expect(result.organizationId).toBe(orgId);
    expect(result.counts).toEqual(expected);
  }, 240_000);

  it("exits non-zero, naming the organization, when one backup fails (the unit shows failed)", async () => {
    const list = join(work, "orgs.txt");
    writeFileSync(list, `# one real, one unknown\n${orgIds[1]}\n00000000-0000-7000-8000-000000000000\n`);
    const r = await run("sh", [script], env({ BACKUP_ORGS_FILE: list }));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`backed up ${orgIds[1]}`);
    expect(r.stderr).toContain("backup of 00000000-0000-7000-8000-000000000000 FAILED");
  }, 120_000);
});
