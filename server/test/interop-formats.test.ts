/**
 * QTI and Moodle XML through the API on every engine: the export endpoint's packages (with the media file, the
 * manifest naming what is lost), imports of them (all or nothing, warnings kept), content sniffing, zip and XML
 * limits refused with a clear failed import.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip, writeZip } from "../src/lib/zip.ts";
import { exerciseOfEveryType } from "./content-fixtures.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { postForm } from "./multipart.ts";

const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(300, 9)]);

describe.each(testEngines())("QTI and Moodle XML on %s", (engine) => {
  let t: TestApp;
  let teacher: Client;
  let orgId: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { UPLOAD_MAX_BYTES: String(4 * 1024 * 1024) }, { jobs: true });
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    base = `/api/v1/orgs/${orgId}`;
    teacher = (await addMember(t, orgId, "teacher")).client;
  });
  afterAll(async () => t?.close());

  const finished = async (id: string) => {
    for (let i = 0; i < 1500; i++) {
      const body = (await teacher.get(`${base}/imports/${id}`)).json();
      if (body.status === "succeeded" || body.status === "failed") return body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("import did not finish");
  };
  const runImport = async (format: string, filename: string, content: Buffer | string) => {
    const res = await postForm(teacher, `${base}/imports`, { format }, [{ filename, content }]);
    expect(res.statusCode, res.body).toBe(202);
    return finished(res.json().id);
  };
  const exercise = async (id: string) => (await teacher.get(`${base}/exercises/${id}`)).json();
  const exportOf = (id: string, format: string) => teacher.get(`${base}/exercises/${id}/export?format=${format}`);

  async function everyTypeWithMedia() {
    const media = await postForm(teacher, `${base}/media`, {}, [
      { filename: "cat.png", content: PNG, contentType: "image/png" },
    ]);
    expect(media.statusCode, media.body).toBe(201);
    const body = exerciseOfEveryType("Interop");
    const items = body.items as unknown as object[];
    items[0] = { ...items[0], media: [{ mediaId: media.json().id, kind: "image", alt: "A cat" }] };
    const created = await teacher.post(`${base}/exercises`, body);
    expect(created.statusCode, created.body).toBe(201);
    return { exercise: created.json(), mediaId: media.json().id as string };
  }

  for (const format of ["qti3", "qti21"] as const) {
    it(`${format}: a zip package with items, test, manifest and the media file; it imports back`, async () => {
      const { exercise: ex, mediaId } = await everyTypeWithMedia();
      const res = await exportOf(ex.id, format);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toBe("application/zip");
      expect(res.headers["content-disposition"]).toMatch(new RegExp(`Interop-${format}\\.zip`));
      const files = new Map(readZip(res.rawPayload).map((e) => [e.path, Buffer.from(e.data)]));
      const media = [...files.keys()].find((p) => p.startsWith(`media/${mediaId}`));
      expect(media && files.get(media)?.equals(PNG)).toBe(true);
      const manifest = files.get("imsmanifest.xml")?.toString("utf8") ?? "";
      expect(manifest).toContain(format === "qti3" ? "imsqti_item_xmlv3p0" : "imsqti_item_xmlv2p1");
      expect(manifest).toContain(`href="${media}"`);
      for (const item of ex.items) expect(files.has(`items/item-${item.id}.xml`), item.id).toBe(true);

      const imported = await runImport("qti", "bank.zip", res.rawPayload);
      expect(imported.errors).toEqual([]);
      expect(imported.status).toBe("succeeded");
      expect(imported.warnings.filter((w: { message: string }) => /media/.test(w.message))).toEqual([]);
      const back = await exercise(imported.exerciseIds[0]);
      expect(back.items.map((i: { type: string }) => i.type)).toEqual(ex.items.map((i: { type: string }) => i.type));
      expect(back.title).toBe("Interop");
      // The package's image is the new exercise's own media file (a new id, the same bytes, alt text kept).
      const [ref] = back.items[0].media;
      expect(ref).toMatchObject({ kind: "image", alt: "A cat" });
      expect(ref.mediaId).not.toBe(mediaId);
      const file = await teacher.get(`${base}/media/${ref.mediaId}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers["content-type"]).toBe("image/png");
      expect(file.rawPayload.equals(PNG)).toBe(true);
      // Exported again, the package carries it under its new id, with the same bytes.
      const again = new Map(
        readZip((await exportOf(back.id, format)).rawPayload).map((e) => [e.path, Buffer.from(e.data)]),
      );
      expect(again.get(`media/${ref.mediaId}.png`)?.equals(PNG)).toBe(true);
    });
  }

  it("moodlexml: exported, imported and exported again, byte for byte (mark_words left out and named)", async () => {
    const created = (await teacher.post(`${base}/exercises`, exerciseOfEveryType("Moodle bank"))).json();
    const first = await exportOf(created.id, "moodlexml");
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(first.headers["content-disposition"]).toMatch(/Moodle-bank\.xml/);
    expect(first.body.split("<quiz>")[0]).toMatch(/skipped, Moodle has no question type for marking words/);
    const imported = await runImport("moodlexml", "bank.xml", first.body);
    expect(imported.status, JSON.stringify(imported.errors)).toBe("succeeded");
    const again = await exportOf(imported.exerciseIds[0], "moodlexml");
    // The file's first comment names the exercise; the import takes its title from the file name.
    const body = (s: string) => s.slice(s.indexOf("<quiz>"));
    expect(body(again.body)).toBe(body(first.body));
  });

  it("moodlexml: an item's image travels base64 in the question text and comes back as its media", async () => {
    const { exercise: ex, mediaId } = await everyTypeWithMedia();
    const first = await exportOf(ex.id, "moodlexml");
    expect(first.body).toContain(
      `<file name="${mediaId}.png" path="/" encoding="base64">${PNG.toString("base64")}</file>`,
    );
    // A plain-text question has no markup to show it in: Moodle keeps it as the text's file, and the file says so.
    if (ex.items[0].promptFormat === "plain") expect(first.body.split("<quiz>")[0]).toMatch(/only as attachments/);
    else expect(first.body).toContain(`@@PLUGINFILE@@/${mediaId}.png`);
    const imported = await runImport("moodlexml", "bank.xml", first.body);
    expect(imported.status, JSON.stringify(imported.errors)).toBe("succeeded");
    const back = await exercise(imported.exerciseIds[0]);
    const [ref] = back.items[0].media;
    // The alt text travels in the reference, which a plain-text question has none of.
    expect(ref).toEqual({
      mediaId: ref.mediaId,
      kind: "image",
      ...(ex.items[0].promptFormat === "plain" ? {} : { alt: "A cat" }),
    });
    const file = await teacher.get(`${base}/media/${ref.mediaId}`);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(back.items[0].prompt).toBe(ex.items[0].prompt);
    // Exported again: the same file, under the new id; otherwise the same questions.
    const again = await exportOf(back.id, "moodlexml");
    const body = (s: string, id: string) => s.slice(s.indexOf("<quiz>")).replaceAll(id, "MEDIA");
    expect(body(again.body, ref.mediaId)).toBe(body(first.body, mediaId));
  });

  it("checks content, not names: a zip as GIFT, text as QTI, a non-Moodle XML as Moodle XML", async () => {
    const zip = writeZip([{ path: "a.txt", data: Buffer.from("hello") }]);
    const asGift = await runImport("gift", "a.gift", zip);
    expect(asGift).toMatchObject({
      status: "failed",
      errors: [{ line: 1, message: expect.stringMatching(/zip archive/) }],
    });
    const textAsQti = await runImport("qti", "a.zip", "just words");
    expect(textAsQti.errors[0].message).toMatch(/QTI content package/);
    const notMoodle = await runImport("moodlexml", "a.xml", "<html><body/></html>");
    expect(notMoodle.errors[0].message).toMatch(/Moodle XML/);
    const noManifestItems = await runImport("qti", "a.zip", zip);
    expect(noManifestItems.status).toBe("failed");
  });

  it("refuses unsafe packages and XML, creating nothing", async () => {
    const before = (await teacher.get(`${base}/exercises`)).json().items.length;
    const traversal = writeZip([{ path: "../evil.xml", data: Buffer.from("<x/>") }]);
    expect((await runImport("qti", "t.zip", traversal)).errors[0].message).toMatch(/unsafe path/);
    const bomb = writeZip([{ path: "imsmanifest.xml", data: Buffer.alloc(20 * 1024 * 1024, 32) }]);
    expect(bomb.length).toBeLessThan(100_000);
    expect((await runImport("qti", "b.zip", bomb)).errors[0].message).toMatch(/larger than/);
    const doctype = `<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY e SYSTEM "http://127.0.0.1/">]>\n<quiz>&e;</quiz>`;
    const xxe = await runImport("moodlexml", "x.xml", doctype);
    expect(xxe.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/DOCTYPE/) });
    expect((await teacher.get(`${base}/exercises`)).json().items.length).toBe(before);
  });

  it("a package's files are checked as uploads are: a disguised or oversized file is left out, named, never stored", async () => {
    const { exercise: ex, mediaId } = await everyTypeWithMedia();
    const files = readZip((await exportOf(ex.id, "qti3")).rawPayload);
    const entry = files.find((e) => e.path.startsWith(`media/${mediaId}`)) as { path: string; data: Uint8Array };
    const page = Buffer.from("<html><script>alert(1)</script></html>");
    const disguised = files.map((e) => (e === entry ? { path: e.path, data: page } : e));
    const mediaBefore = (await teacher.get(`${base}/media?limit=100`)).json().items.length;
    const imported = await runImport("qti", "disguised.zip", writeZip(disguised));
    expect(imported.status).toBe("succeeded");
    expect(imported.warnings).toContainEqual({ item: 1, message: expect.stringMatching(/not an accepted/) });
    expect((await exercise(imported.exerciseIds[0])).items[0].media).toBeUndefined();
    // 4 MB is this server's upload limit: a bigger picture in a package is refused the same way.
    const big = Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024)]);
    const oversized = files.map((e) => (e === entry ? { path: e.path, data: big } : e));
    const second = await runImport("qti", "big.zip", writeZip(oversized));
    expect(second.status).toBe("succeeded");
    expect((await exercise(second.exerciseIds[0])).items[0].media).toBeUndefined();
    expect((await teacher.get(`${base}/media?limit=100`)).json().items.length).toBe(mediaBefore);
  });

  it("rejects an unknown export format with 400", async () => {
    const created = (await teacher.post(`${base}/exercises`, exerciseOfEveryType("X"))).json();
    const res = await exportOf(created.id, "qti4");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });
});
