/** Admins download their organization's backup from the web app: a job with progress, a link that expires. */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageNotFoundError } from "../src/infra/storage/storage.ts";
import { readTar } from "../src/modules/backup/tar.ts";
import { seedOrganization } from "./backup-fixtures.ts";
import { createTestApp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("backup downloads on %s", (engine) => {
  let t: TestApp;
  let seed: Awaited<ReturnType<typeof seedOrganization>>;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(engine, {}, { jobs: true });
    seed = await seedOrganization(t);
    base = `/api/v1/orgs/${seed.orgId}/backups`;
  }, 120_000);
  afterAll(async () => t?.close());

  it("runs as a job with progress, then downloads the archive of this organization until the link expires", async () => {
    const admin = seed.owner.client;
    expect((await seed.teacher.client.post(base, {})).statusCode).toBe(403);
    const started = await admin.post(base, {});
    expect(started.statusCode, started.body).toBe(202);
    const { id, status } = started.json();
    expect(status).toBe("queued");
    let job = started.json();
    await expect
      .poll(
        async () => {
          job = (await admin.get(`${base}/${id}`)).json();
          return job.status;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe("succeeded");
    expect(job.progress).toBe(1);
    expect(Date.parse(job.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect(job.downloadUrl).toBe(`${base}/${id}/download`);
    expect((await admin.get(base)).json().items[0].id).toBe(id);

    expect((await seed.teacher.client.get(job.downloadUrl)).statusCode).toBe(403);
    const file = await admin.get(job.downloadUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-disposition"]).toMatch(/attachment/);
    const names: string[] = [];
    let manifest: { organization: { id: string } } | null = null;
    async function* once() {
      yield gunzipSync(file.rawPayload);
    }
    for await (const entry of readTar(once())) {
      names.push(entry.name);
      const chunks: Buffer[] = [];
      for await (const c of entry.body) chunks.push(c);
      if (entry.name === "manifest.json") manifest = JSON.parse(Buffer.concat(chunks).toString());
    }
    expect(names).toContain("tables/responses.jsonl");
    expect(manifest?.organization.id).toBe(seed.orgId);

    // Expired: 410, and the file is gone from storage.
    const row = await t.ctx.database.db
      .selectFrom("backup_exports")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    await t.ctx.database.db
      .updateTable("backup_exports")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", id)
      .execute();
    const gone = await admin.get(job.downloadUrl);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe("backup_expired");
    expect((await admin.get(`${base}/${id}`)).json().downloadUrl).toBeNull();
    await expect(t.ctx.storage.get(row.storage_key as string)).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it("answers 404 for another organization's backup", async () => {
    const started = (await seed.owner.client.post(base, {})).json();
    const stranger = `/api/v1/orgs/${seed.otherOrgId}/backups/${started.id}`;
    expect((await seed.owner.client.get(stranger)).statusCode).toBe(404);
  });
});
