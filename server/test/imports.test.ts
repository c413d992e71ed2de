import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../src/modules/imports/imports.runner.ts";
import { exerciseOfEveryType, ITEMS_OF_EVERY_TYPE } from "./content-fixtures.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { postForm } from "./multipart.ts";

const MAX = 2 * 1024 * 1024;
const EXAMPLE_CSV = readFileSync(new URL("../../docs/formats/example.csv", import.meta.url), "utf8");

const GIFT_OF_EVERY_GIFT_TYPE = `// every type GIFT can express
::tf:: The sun is hot. giftbravo {T}

::mc:: Choose the capital. giftalpha {=Paris ~Lyon}

::sa:: Past of go? giftcharlie {=went}

::num:: Two plus two? giftdelta {#4}

She {=goes} to school. giftecho

::match:: Match them. giftfoxtrot {=cat -> meow =dog -> woof}

::essay:: Describe your town. giftindia {}

Read the text below. giftjuliet
`;

const AIKEN = `What is the capital of France?
A. Paris
B. Lyon
ANSWER: A

Which is a verb?
A) table
B) run
ANSWER: B
`;

describe.each(testEngines())("imports on %s", (engine) => {
  let t: TestApp;
  let teacher: Client;
  let student: Client;
  let stranger: Client;
  let orgId: string;
  let otherOrgId: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { UPLOAD_MAX_BYTES: String(MAX) }, { jobs: true });
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    base = `/api/v1/orgs/${orgId}/imports`;
    teacher = (await addMember(t, orgId, "teacher")).client;
    student = (await addMember(t, orgId, "student")).client;
    const other = await signUp(t.app, { organizationName: "Other" });
    stranger = other.client;
    otherOrgId = other.orgId;
  });
  afterAll(async () => t?.close());

  const start = async (
    format: string,
    filename: string,
    content: string | Buffer,
    fields: Record<string, string> = {},
  ) => {
    const res = await postForm(teacher, base, { format, ...fields }, [{ filename, content }]);
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  const finished = async (id: string, client = teacher) => {
    for (let i = 0; i < 1500; i++) {
      const res = await client.get(`${base}/${id}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      if (body.status === "succeeded" || body.status === "failed") return body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("import did not finish");
  };
  const exerciseCount = async () =>
    (await t.ctx.database.db.selectFrom("exercises").select("id").where("organization_id", "=", orgId).execute())
      .length;
  const exercise = async (id: string) => (await teacher.get(`/api/v1/orgs/${orgId}/exercises/${id}`)).json();
  const importOk = async (
    format: string,
    filename: string,
    content: string | Buffer,
    fields: Record<string, string> = {},
  ) => {
    const result = await finished(await start(format, filename, content, fields));
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ status: "succeeded", progress: 1 });
    expect(result.exerciseIds).toHaveLength(1);
    return { result, exercise: await exercise(result.exerciseIds[0]) };
  };
  const importFails = async (format: string, filename: string, content: string | Buffer) => {
    const before = await exerciseCount();
    const result = await finished(await start(format, filename, content));
    expect(result.status).toBe("failed");
    expect(result.exerciseIds).toEqual([]);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(1);
    expect(await exerciseCount()).toBe(before);
    return result.errors as { line: number; message: string }[];
  };

  it("imports JSON with every item type into one draft, items in order", async () => {
    const { result, exercise: ex } = await importOk(
      "json",
      "all.json",
      JSON.stringify(exerciseOfEveryType("From JSON")),
    );
    expect(result.format).toBe("json");
    expect(ex.title).toBe("From JSON");
    expect(ex.status).toBe("draft");
    expect(ex.items.map((i: { type: string }) => i.type)).toEqual(ITEMS_OF_EVERY_TYPE.map((i) => i.type));
    const events = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("type", "=", "import.completed")
      .execute();
    expect(events.map((e) => JSON.parse(e.payload)).find((p) => p.importId === result.id)).toMatchObject({
      exerciseIds: result.exerciseIds,
      itemCount: 10,
    });
  });

  it("imports GIFT, titled by the file name without its extension, and finds it by a word of a prompt", async () => {
    const { exercise: ex } = await importOk("gift", "Unit 3 quiz.gift", GIFT_OF_EVERY_GIFT_TYPE);
    expect(ex.title).toBe("Unit 3 quiz");
    expect(ex.items.map((i: { type: string }) => i.type)).toEqual([
      "true_false",
      "multiple_choice",
      "short_answer",
      "numerical",
      "gap_fill",
      "matching",
      "essay",
      "description",
    ]);
    const found = (await teacher.get(`/api/v1/orgs/${orgId}/exercises?q=giftfoxtrot`)).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([ex.id]);
  });

  it("imports Aiken and CSV (every type), with the title the teacher gives", async () => {
    const aiken = await importOk("aiken", "a.txt", AIKEN, { title: "Capitals" });
    expect(aiken.exercise.title).toBe("Capitals");
    expect(aiken.exercise.items).toHaveLength(2);
    const csv = await importOk("csv", "example.csv", EXAMPLE_CSV);
    expect(csv.exercise.title).toBe("example");
    expect(new Set(csv.exercise.items.map((i: { type: string }) => i.type))).toEqual(
      new Set(ITEMS_OF_EVERY_TYPE.map((i) => i.type)),
    );
    expect(csv.exercise.level).toBe("A2");
  });

  it("round-trips an export: JSON gives back the same items; GIFT the ones it can express", async () => {
    const created = (await teacher.post(`/api/v1/orgs/${orgId}/exercises`, exerciseOfEveryType("Round trip"))).json();
    const exportOf = async (format: string) =>
      (await teacher.get(`/api/v1/orgs/${orgId}/exercises/${created.id}/export?format=${format}`)).body;
    const json = await importOk("json", "rt.json", await exportOf("json"));
    expect(json.exercise.items).toEqual(created.items);
    const gift = await importOk("gift", "rt.gift", await exportOf("gift"));
    const expressible = created.items.filter((i: { type: string }) => !["ordering", "mark_words"].includes(i.type));
    expect(gift.exercise.items.map((i: { prompt: string }) => i.prompt)).toEqual(
      expressible.map((i: { prompt: string }) => i.prompt),
    );
  });

  it("reports a GIFT file with an unclosed brace with its line, and stores nothing", async () => {
    const errors = await importFails(
      "gift",
      "bad.gift",
      "::a:: Fine {T}\n\n::b:: Broken {=yes ~no\n\n::c:: After {F}\n",
    );
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.message).toMatch(/\}|brace|close/i);
  });

  it("reports a CSV with a missing column, and a row with missing fields, by line", async () => {
    const header = await importFails("csv", "bad.csv", "prompt,answers\nWhat?,yes\n");
    expect(header[0]).toMatchObject({ line: 1 });
    expect(header[0]?.message).toMatch(/type/);
    const row = await importFails(
      "csv",
      "short.csv",
      "type,prompt,answers\ntrue_false,Is it?,true\nshort_answer,Past of go?\n",
    );
    expect(row[0]).toMatchObject({ line: 3 });
  });

  it("reports truncated, binary, empty and wrong-format files clearly, storing nothing", async () => {
    const full = JSON.stringify(exerciseOfEveryType("Cut"), null, 2);
    const truncated = await importFails("json", "cut.json", full.slice(0, Math.floor(full.length / 2)));
    expect(truncated[0]?.message).toMatch(/JSON/);
    const garbage = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    const binary = await importFails("gift", "garbage.gift", garbage);
    expect(binary[0]?.message).toMatch(/not a UTF-8 text file/);
    const blank = await importFails("gift", "blank.gift", "\n\n   \n");
    expect(blank[0]).toMatchObject({ line: 1, message: "the file is empty" });
    const aikenAsJson = await importFails("json", "aiken.json", AIKEN);
    expect(aikenAsJson[0]?.message).toMatch(/JSON/);
    const gift = await importFails("aiken", "q.txt", GIFT_OF_EVERY_GIFT_TYPE);
    expect(gift.length).toBeGreaterThan(0);
  });

  it("refuses bad requests at once: no file, empty file, bad format, oversized (413)", async () => {
    const before = (await t.ctx.database.db.selectFrom("imports").select("id").execute()).length;
    const noFile = await postForm(teacher, base, { format: "gift" }, []);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.details).toEqual([{ field: "body.file", message: "is required" }]);
    const badFormat = await postForm(teacher, base, { format: "docx" }, [{ filename: "a.gift", content: "x {T}" }]);
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().error.details[0].field).toBe("body.format");
    const noFormat = await postForm(teacher, base, {}, [{ filename: "a.gift", content: "x {T}" }]);
    expect(noFormat.json().error.details[0].field).toBe("body.format");
    const empty = await postForm(teacher, base, { format: "gift" }, [{ filename: "a.gift", content: "" }]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("empty_file");
    const big = await postForm(teacher, base, { format: "gift" }, [
      { filename: "big.gift", content: "a".repeat(MAX + 1) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("payload_too_large");
    expect((await teacher.post(base, { format: "gift" })).statusCode).toBe(415);
    expect((await t.ctx.database.db.selectFrom("imports").select("id").execute()).length).toBe(before);
  });

  it("refuses a JSON file that references another organization's media, storing nothing", async () => {
    const foreign = "01900000-0000-7000-8000-00000000beef";
    await t.ctx.database.db
      .insertInto("media")
      .values({
        id: foreign,
        organization_id: otherOrgId,
        storage_key: `media/${otherOrgId}/x`,
        filename: "x.mp3",
        content_type: "audio/mpeg",
        size: 1,
        sha256: "0".repeat(64),
        created_by: null,
        created_at: new Date().toISOString(),
        deleted_at: null,
      })
      .execute();
    const body = {
      title: "Foreign",
      items: [{ ...ITEMS_OF_EVERY_TYPE[1], media: [{ mediaId: foreign, kind: "audio" }] }],
    };
    const errors = await importFails("json", "foreign.json", JSON.stringify(body));
    expect(errors[0]?.message).toMatch(/items\.0\.media\.0\.mediaId/);
  });

  it("keeps imports private: 404 to other organizations, 403 to students", async () => {
    const id = await start("gift", "p.gift", "::a:: Private {T}");
    await finished(id);
    expect((await stranger.get(`/api/v1/orgs/${otherOrgId}/imports/${id}`)).statusCode).toBe(404);
    expect((await stranger.get(`${base}/${id}`)).statusCode).toBe(404);
    expect((await student.get(`${base}/${id}`)).statusCode).toBe(403);
    const res = await postForm(student, base, { format: "gift" }, [{ filename: "s.gift", content: "x {T}" }]);
    expect(res.statusCode).toBe(403);
  });

  it("runs an import once, however many times runImport is called (also concurrently)", async () => {
    const id = await start("gift", "once.gift", "::a:: Once {T}\n\n::b:: Twice? {F}");
    const first = await finished(id);
    await runImport(t.ctx, id);
    await runImport(t.ctx, id);
    expect((await finished(id)).exerciseIds).toEqual(first.exerciseIds);
    // A queued import run by two workers at once: exactly one exercise.
    const queued = "01900000-0000-7000-8000-0000000000aa";
    await t.ctx.database.db
      .insertInto("imports")
      .values({
        id: queued,
        organization_id: orgId,
        format: "gift",
        filename: "race.gift",
        title: null,
        status: "queued",
        progress: 0,
        source: "::r:: Race {T}",
        exercise_ids: "[]",
        errors: "[]",
        created_by: null,
        created_at: new Date().toISOString(),
        started_at: null,
        finished_at: null,
      })
      .execute();
    const before = await exerciseCount();
    await Promise.all([runImport(t.ctx, queued), runImport(t.ctx, queued), runImport(t.ctx, queued)]);
    const done = await finished(queued);
    expect(done.status).toBe("succeeded");
    expect(await exerciseCount()).toBe(before + 1);
  });

  it("imports a 10,000-question GIFT file into one exercise, in file order", async () => {
    // How long it takes is measured in bench/, not asserted here: machines are noisy.
    const n = 10_000;
    const gift = Array.from(
      { length: n },
      (_, i) => `::Q${i + 1}:: In question ${i + 1}, what comes after ${i}? {=${i + 1} ~${i + 2} ~${i + 3}}\n`,
    ).join("\n");
    const { exercise: ex } = await importOk("gift", "big.gift", gift);
    expect(ex.items).toHaveLength(n);
    expect(ex.items[n - 1].prompt).toContain(`question ${n}`);
  });
});
