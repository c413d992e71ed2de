import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageNotFoundError } from "../src/infra/storage/storage.ts";
import { AppError } from "../src/lib/errors.ts";
import { uploadMedia } from "../src/modules/media/media.service.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { postForm } from "./multipart.ts";
import { startS3, type TestS3 } from "./s3rver.ts";

const MAX = 64 * 1024;
const PNG_HEADER = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
/** A PNG signature followed by every byte value, four times: any re-encoding or truncation shows. */
const BINARY_PNG = Buffer.concat([
  PNG_HEADER,
  ...Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))),
]);
const MP3 = Buffer.concat([
  Buffer.from("ID3"),
  Buffer.from([3, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(500, 7),
]);

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3("media-test");
});
afterAll(async () => s3?.close());

const cases = testEngines().flatMap((engine) => (["local", "s3"] as const).map((storage) => ({ engine, storage })));

describe.each(cases)("media on $engine with $storage storage", ({ engine, storage }) => {
  let t: TestApp;
  let teacher: Client;
  let student: Client;
  let stranger: Client;
  let orgId: string;
  let otherOrgId: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { UPLOAD_MAX_BYTES: String(MAX), ...(storage === "s3" ? s3.env : {}) });
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    base = `/api/v1/orgs/${orgId}/media`;
    teacher = (await addMember(t, orgId, "teacher")).client;
    student = (await addMember(t, orgId, "student")).client;
    const other = await signUp(t.app, { organizationName: "Other" });
    stranger = other.client;
    otherOrgId = other.orgId;
  });
  afterAll(async () => t?.close());

  const upload = (content: Buffer | string, filename = "file.bin", contentType?: string, client = teacher) =>
    postForm(client, base, {}, [{ filename, content, contentType }]);
  const rowCount = async () =>
    (await t.ctx.database.db.selectFrom("media").select("id").where("organization_id", "=", orgId).execute()).length;
  /** Files in the local storage folder (apart from the empty temp folder). */
  const localFiles = () => {
    const root = join(t.dataDir, "files");
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  };

  it("uses the configured storage adapter", () => {
    expect(t.ctx.storage.kind).toBe(storage);
  });

  it("stores a binary file and streams it back byte for byte", async () => {
    const res = await upload(BINARY_PNG, "picture.png", "application/octet-stream");
    expect(res.statusCode, res.body).toBe(201);
    const dto = res.json();
    expect(dto).toMatchObject({ filename: "picture.png", contentType: "image/png", size: BINARY_PNG.length });
    expect(dto.url).toBe(`${base}/${dto.id}`);
    const got = await teacher.get(dto.url);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(BINARY_PNG)).toBe(true);
    expect(got.headers).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "accept-ranges": "bytes",
      "content-length": String(BINARY_PNG.length),
    });
    // Opened on its own in a tab, an uploaded file is held to the pages' policy (JSON answers get the lean set).
    expect(got.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(got.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(got.headers["content-disposition"]).toBe(`inline; filename="picture.png"; filename*=UTF-8''picture.png`);
    const row = await t.ctx.database.db
      .selectFrom("media")
      .selectAll()
      .where("id", "=", dto.id)
      .executeTakeFirstOrThrow();
    expect(row.sha256).toBe((await import("node:crypto")).createHash("sha256").update(BINARY_PNG).digest("hex"));
    expect(got.headers.etag).toBe(`"${row.sha256}"`);
    expect(row.storage_key).toMatch(new RegExp(`^media/${orgId}/[0-9a-f-]{36}$`));
  });

  it("serves byte ranges (206), refuses unsatisfiable ones (416) and answers 304 to a matching ETag", async () => {
    const { id, url } = (await upload(BINARY_PNG, "r.png")).json();
    const size = BINARY_PNG.length;
    const ranged = await teacher.get(url, { range: "bytes=16-271" });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers["content-range"]).toBe(`bytes 16-271/${size}`);
    expect(ranged.rawPayload.equals(BINARY_PNG.subarray(16, 272))).toBe(true);
    const suffix = await teacher.get(url, { range: "bytes=-3" });
    expect([...suffix.rawPayload]).toEqual([253, 254, 255]);
    const first = await teacher.get(url, { range: "bytes=0-0" });
    expect(first.statusCode).toBe(206);
    expect([...first.rawPayload]).toEqual([0x89]);
    const open = await teacher.get(url, { range: `bytes=${size - 2}-` });
    expect(open.headers["content-range"]).toBe(`bytes ${size - 2}-${size - 1}/${size}`);
    const beyond = await teacher.get(url, { range: `bytes=${size}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers["content-range"]).toBe(`bytes */${size}`);
    const garbage = await teacher.get(url, { range: "pages=1-2" });
    expect(garbage.statusCode).toBe(200);
    expect(garbage.rawPayload.length).toBe(size);
    const etag = garbage.headers.etag as string;
    expect((await teacher.get(url, { "if-none-match": etag })).statusCode).toBe(304);
    const stale = await teacher.get(url, { range: "bytes=0-1", "if-range": '"other"' });
    expect(stale.statusCode).toBe(200);
    expect(id).toBeTruthy();
  });

  it("decides the type from the bytes, not the name or header: 415 and nothing stored", async () => {
    const before = await rowCount();
    const filesBefore = localFiles().length;
    const html = await upload("<html><script>alert(1)</script></html>", "song.mp3", "audio/mpeg");
    expect(html.statusCode).toBe(415);
    expect(html.json().error.code).toBe("unsupported_media_type");
    const exe = await upload(
      Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"),
      "x.png",
      "image/png",
    );
    expect(exe.statusCode).toBe(415);
    const empty = await upload(Buffer.alloc(0), "empty.png", "image/png");
    expect(empty.statusCode).toBe(400);
    expect(await rowCount()).toBe(before);
    expect(localFiles().length).toBe(filesBefore);
    // And a real mp3 with a misleading name is stored as what it is.
    const mp3 = await upload(MP3, "notes.txt", "text/plain");
    expect(mp3.statusCode).toBe(201);
    expect(mp3.json().contentType).toBe("audio/mpeg");
  });

  it("refuses a file over the limit with 413 and keeps nothing", async () => {
    const before = await rowCount();
    const filesBefore = localFiles().length;
    const big = Buffer.concat([PNG_HEADER, Buffer.alloc(MAX + 10, 1)]);
    const res = await upload(big, "big.png");
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("payload_too_large");
    expect(await rowCount()).toBe(before);
    expect(localFiles().length).toBe(filesBefore);
    const exactly = await upload(Buffer.concat([PNG_HEADER, Buffer.alloc(MAX - PNG_HEADER.length, 1)]), "max.png");
    expect(exactly.statusCode).toBe(201);
  });

  it("answers a client that stops in the middle of the file with 400 upload_interrupted and keeps nothing", async () => {
    const before = await rowCount();
    const filesBefore = localFiles().length;
    // What @fastify/multipart's file stream does when the browser cancels the upload: it closes early.
    const file = new Readable({
      read() {
        this.push(Buffer.concat([PNG_HEADER, Buffer.alloc(8192, 1)]));
        const closed = Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" });
        setImmediate(() => this.destroy(closed));
      },
    });
    const outcome = await uploadMedia(t.ctx, { organizationId: orgId, userId: null }, { filename: "x.png", file }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(outcome).toBeInstanceOf(AppError);
    expect(outcome).toMatchObject({ statusCode: 400, code: "upload_interrupted" });
    expect(await rowCount()).toBe(before);
    expect(localFiles().length).toBe(filesBefore);
  });

  it("sanitizes the file name it sends back", async () => {
    const res = await upload(BINARY_PNG, "..\\..\\evil<name>|.png");
    expect(res.statusCode).toBe(201);
    expect(res.json().filename).toBe("evilname.png");
    const got = await teacher.get(res.json().url);
    expect(got.headers["content-disposition"]).toBe(`inline; filename="evilname.png"; filename*=UTF-8''evilname.png`);
    const accented = await upload(BINARY_PNG, "écoute.png");
    const disposition = (await teacher.get(accented.json().url)).headers["content-disposition"];
    expect(disposition).toBe(`inline; filename="_coute.png"; filename*=UTF-8''%C3%A9coute.png`);
  });

  it("refuses a request that is not multipart, or has no file field", async () => {
    expect((await teacher.post(base, { file: "x" })).statusCode).toBe(415);
    const wrongField = await postForm(teacher, base, {}, [{ field: "upload", filename: "a.png", content: BINARY_PNG }]);
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.code).toBe("file_required");
  });

  it("lets students read media but not upload or delete it", async () => {
    const { url } = (await upload(MP3, "listen.mp3")).json();
    const got = await student.get(url);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(MP3)).toBe(true);
    expect((await upload(MP3, "x.mp3", undefined, student)).statusCode).toBe(403);
    expect((await student.delete(url)).statusCode).toBe(403);
    expect((await student.get(base)).statusCode).toBe(403);
  });

  it("hides every file from another organization (404)", async () => {
    const { id, url } = (await upload(MP3, "private.mp3")).json();
    expect((await stranger.get(url)).statusCode).toBe(404);
    const theirs = `/api/v1/orgs/${otherOrgId}/media/${id}`;
    expect((await stranger.get(theirs)).statusCode).toBe(404);
    expect((await stranger.get(theirs, { range: "bytes=0-1" })).statusCode).toBe(404);
    expect((await stranger.delete(theirs)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/orgs/${otherOrgId}/media`)).json().items).toEqual([]);
    expect((await teacher.get(url)).statusCode).toBe(200);
  });

  it("lists the organization's files newest first with a cursor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(MP3, `list-${i}.mp3`)).json().id);
    const first = (await teacher.get(`${base}?limit=2`)).json();
    expect(first.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    const second = (await teacher.get(`${base}?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).toBe(ids[0]);
  });

  it("deletes: the row is gone from reads and the object from storage", async () => {
    const { id, url } = (await upload(BINARY_PNG, "gone.png")).json();
    const row = await t.ctx.database.db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect((await teacher.delete(url)).statusCode).toBe(204);
    expect((await teacher.get(url)).statusCode).toBe(404);
    expect((await teacher.delete(url)).statusCode).toBe(404);
    await expect(t.ctx.storage.get(row.storage_key)).rejects.toBeInstanceOf(StorageNotFoundError);
    const after = await t.ctx.database.db
      .selectFrom("media")
      .select("deleted_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(after.deleted_at).not.toBeNull();
  });

  it("lets exercises reference the organization's own media, not deleted or foreign media", async () => {
    const mine = (await upload(MP3, "track.mp3")).json();
    const exercises = `/api/v1/orgs/${orgId}/exercises`;
    const item = { type: "true_false", prompt: "Listen.", answer: true, media: [{ mediaId: mine.id, kind: "audio" }] };
    const ok = await teacher.post(exercises, {
      title: "Listening",
      media: [{ mediaId: mine.id, kind: "audio" }],
      items: [item],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const foreign = (
      await postForm(stranger, `/api/v1/orgs/${otherOrgId}/media`, {}, [{ filename: "f.mp3", content: MP3 }])
    ).json();
    const bad = await teacher.post(exercises, {
      title: "x",
      items: [{ ...item, media: [{ mediaId: foreign.id, kind: "audio" }] }],
    });
    expect(bad.statusCode).toBe(422);
    // A file that disappears anyway (deleted while the exercise was being saved) stops the publication.
    await t.ctx.database.db
      .updateTable("media")
      .set({ deleted_at: new Date().toISOString() })
      .where("id", "=", mine.id)
      .execute();
    const publish = await teacher.post(`${exercises}/${ok.json().id}/publish`);
    expect(publish.statusCode).toBe(422);
    expect(publish.json().error.code).toBe("unknown_media");
  });

  it("refuses to delete a file that a draft or a published version uses, and says which exercise", async () => {
    const audio = (await upload(MP3, "dialogue.mp3")).json();
    const exercises = `/api/v1/orgs/${orgId}/exercises`;
    const item = { type: "true_false", prompt: "Listen.", answer: true, media: [{ mediaId: audio.id, kind: "audio" }] };
    const ex = (await teacher.post(exercises, { title: "At the station", items: [item] })).json();
    const inDraft = await teacher.delete(audio.url);
    expect(inDraft.statusCode).toBe(409);
    expect(inDraft.json().error).toMatchObject({
      code: "media_in_use",
      details: [{ exerciseId: ex.id, title: "At the station" }],
    });
    expect(inDraft.json().error.message).toContain("At the station");
    expect((await teacher.get(audio.url)).statusCode).toBe(200);

    // Published, then taken out of the draft: the published version still plays it for students.
    expect((await teacher.post(`${exercises}/${ex.id}/publish`)).statusCode).toBe(201);
    const { media: _media, ...plain } = item;
    const edit = await teacher.patch(`${exercises}/${ex.id}`, { title: "At the station", items: [plain] });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await teacher.delete(audio.url)).statusCode).toBe(409);

    // A file no exercise uses is deleted.
    const spare = (await upload(MP3, "spare.mp3")).json();
    expect((await teacher.delete(spare.url)).statusCode).toBe(204);
  });
});
