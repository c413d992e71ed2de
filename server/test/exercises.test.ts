import { readExercise } from "@languagecloud/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exerciseOfEveryType, ITEMS_OF_EVERY_TYPE, SEARCH_WORDS } from "./content-fixtures.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("exercises on %s", (engine) => {
  let t: TestApp;
  let teacher: Client;
  let student: Client;
  let stranger: Client;
  let orgId: string;
  let otherOrgId: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await signUp(t.app, { organizationName: "School A" });
    orgId = owner.orgId;
    base = `/api/v1/orgs/${orgId}/exercises`;
    teacher = (await addMember(t, orgId, "teacher")).client;
    student = (await addMember(t, orgId, "student")).client;
    const other = await signUp(t.app, { organizationName: "School B" });
    stranger = other.client;
    otherOrgId = other.orgId;
  });
  afterAll(async () => t?.close());

  const create = async (body: unknown = exerciseOfEveryType()) => {
    const res = await teacher.post(base, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; items: { id: string; type: string }[] } & Record<string, unknown>;
  };
  const countExercises = async () =>
    Number(
      (
        await t.ctx.database.db
          .selectFrom("exercises")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("creates a draft with every item type, with ids filled in", async () => {
    const ex = await create();
    expect(ex.status).toBe("draft");
    expect(ex.latestVersion).toBeNull();
    expect(ex.hasUnpublishedChanges).toBe(true);
    expect(ex.items.map((i) => i.type)).toEqual(ITEMS_OF_EVERY_TYPE.map((i) => i.type));
    expect(ex.items.map((i) => i.id)).toEqual(ITEMS_OF_EVERY_TYPE.map((_, k) => `q${k + 1}`));
    const got = await teacher.get(`${base}/${ex.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(ex);
  });

  it("refuses an invalid exercise with 400 naming each field, and stores nothing", async () => {
    const before = await countExercises();
    const res = await teacher.post(base, {
      title: "",
      level: "Z9",
      items: [
        {
          type: "multiple_choice",
          prompt: "x",
          options: [
            { text: "a", fraction: 0 },
            { text: "b", fraction: 0 },
          ],
        },
        { type: "gap_fill", prompt: "no gap here", gaps: [{ id: "g1", answers: [{ text: "x", fraction: 1 }] }] },
        { type: "nonsense" },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "body.title",
        "body.level",
        "body.items.0.options",
        "body.items.1.gaps.0.id",
        "body.items.2.type",
      ]),
    );
    expect(await countExercises()).toBe(before);
  });

  it("edits the draft partially and as a whole, re-validating the result", async () => {
    const ex = await create({ title: "Edit me", items: [ITEMS_OF_EVERY_TYPE[1]] });
    const renamed = await teacher.patch(`${base}/${ex.id}`, { title: "Edited", level: "C1" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ title: "Edited", level: "C1", items: [{ type: "true_false", id: "q1" }] });
    const cleared = await teacher.patch(`${base}/${ex.id}`, { level: null });
    expect(cleared.json().level).toBeUndefined();
    const bad = await teacher.patch(`${base}/${ex.id}`, { items: [{ type: "true_false", prompt: "x" }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toContain("body.items.0.answer");
    const unknown = await teacher.patch(`${base}/${ex.id}`, { colour: "red" });
    expect(unknown.statusCode).toBe(400);
    const whole = await teacher.patch(`${base}/${ex.id}`, exerciseOfEveryType("Whole"));
    expect(whole.statusCode).toBe(200);
    expect(whole.json().items).toHaveLength(10);
    expect((await teacher.get(`${base}/${ex.id}`)).json().title).toBe("Whole");
  });

  it("publishes immutable versions that later draft edits never change", async () => {
    const ex = await create(exerciseOfEveryType("Versioned"));
    const p1 = await teacher.post(`${base}/${ex.id}/publish`);
    expect(p1.statusCode).toBe(201);
    expect(p1.json().version).toBe(1);
    const again = await teacher.post(`${base}/${ex.id}/publish`);
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(1);

    await teacher.patch(`${base}/${ex.id}`, { title: "Versioned, edited", items: [ITEMS_OF_EVERY_TYPE[0]] });
    const draft = (await teacher.get(`${base}/${ex.id}`)).json();
    expect(draft).toMatchObject({ status: "published", latestVersion: 1, hasUnpublishedChanges: true });

    const v1 = (await teacher.get(`${base}/${ex.id}/versions/1`)).json();
    expect(v1.content.title).toBe("Versioned");
    expect(v1.content.items).toHaveLength(10);

    const p2 = await teacher.post(`${base}/${ex.id}/publish`);
    expect(p2.json().version).toBe(2);
    const versions = (await teacher.get(`${base}/${ex.id}/versions`)).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.items[1].content.title).toBe("Versioned");
    expect(versions.items[0].content.title).toBe("Versioned, edited");

    const events = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("type", "=", "exercise.published")
      .execute();
    const mine = events.map((e) => JSON.parse(e.payload)).filter((p) => p.exerciseId === ex.id);
    expect(mine).toEqual([
      { exerciseId: ex.id, version: 1 },
      { exerciseId: ex.id, version: 2 },
    ]);
  });

  it("refuses to publish an empty exercise", async () => {
    const ex = await create({ title: "Empty" });
    const res = await teacher.post(`${base}/${ex.id}/publish`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("empty_exercise");
  });

  it("lists and finds each item type by a word of its prompt, and filters by level, skill, tag and status", async () => {
    const ex = await create(exerciseOfEveryType("Searchable library entry"));
    // Stopwords ("the", "is") must not make the search fail on any engine.
    for (const word of [...SEARCH_WORDS, "Searchable", "LIBRARY", "search", "the sun is hot", "Find the mistake"]) {
      const res = await teacher.get(`${base}?q=${encodeURIComponent(word)}`);
      expect(res.statusCode, word).toBe(200);
      expect(
        res.json().items.map((i: { id: string }) => i.id),
        word,
      ).toContain(ex.id);
    }
    expect((await teacher.get(`${base}?q=zzzznotthere`)).json().items).toEqual([]);
    expect((await teacher.get(`${base}?q=${encodeURIComponent("\"*:'()")}`)).json().items).toEqual([]);

    const other = await create({ title: "Listening A1", level: "A1", skills: ["listening"], tags: ["sounds"] });
    const ids = async (qs: string) =>
      (await teacher.get(`${base}?${qs}`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids("level=A1")).toEqual([other.id]);
    expect(await ids("skill=listening")).toEqual([other.id]);
    expect(await ids("tag=sounds")).toEqual([other.id]);
    expect(await ids("tag=SOUNDS&level=A1&skill=listening")).toEqual([other.id]);
    expect(await ids("tag=sounds&level=B1")).toEqual([]);
    const summary = (await teacher.get(`${base}?tag=sounds`)).json().items[0];
    expect(summary).toMatchObject({ title: "Listening A1", skills: ["listening"], tags: ["sounds"], itemCount: 0 });

    expect((await teacher.delete(`${base}/${other.id}`)).statusCode).toBe(204);
    expect(await ids("tag=sounds")).toEqual([]);
    expect(await ids("tag=sounds&status=archived")).toEqual([other.id]);
    expect((await teacher.get(`${base}/${other.id}`)).json().status).toBe("archived");
    expect((await teacher.patch(`${base}/${other.id}`, { title: "x" })).statusCode).toBe(409);
    expect((await teacher.delete(`${base}/${other.id}`)).statusCode).toBe(204);
  });

  it("paginates the library with a cursor", async () => {
    for (let i = 0; i < 5; i++) await create({ title: `Page ${i}`, tags: ["paged"] });
    const first = (await teacher.get(`${base}?tag=paged&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await teacher.get(`${base}?tag=paged&limit=2&cursor=${first.nextCursor}`)).json();
    const third = (await teacher.get(`${base}?tag=paged&limit=2&cursor=${second.nextCursor}`)).json();
    expect(third.nextCursor).toBeNull();
    const titles = [...first.items, ...second.items, ...third.items].map((i: { title: string }) => i.title);
    expect(titles).toEqual(["Page 4", "Page 3", "Page 2", "Page 1", "Page 0"]);
    expect((await teacher.get(`${base}?cursor=bogus`)).statusCode).toBe(400);
  });

  it("exports GIFT (listing what GIFT cannot express) and JSON that reads back to the same items", async () => {
    const ex = await create(exerciseOfEveryType("Export me"));
    const gift = await teacher.get(`${base}/${ex.id}/export?format=gift`);
    expect(gift.statusCode).toBe(200);
    expect(gift.headers["content-type"]).toMatch(/^text\/plain/);
    expect(gift.headers["content-disposition"]).toMatch(/^attachment; filename="Export-me\.gift"/);
    expect(gift.body.split("\n").slice(0, 6).join("\n")).toMatch(/Skipped[\s\S]*ordering/);
    const back = readExercise(gift.body, "gift", { title: "x" });
    expect(back.items.length).toBeGreaterThanOrEqual(7);

    const json = await teacher.get(`${base}/${ex.id}/export?format=json`);
    expect(json.headers["content-disposition"]).toMatch(/filename="Export-me\.json"/);
    const parsed = readExercise(json.body, "json");
    const draft = (await teacher.get(`${base}/${ex.id}`)).json();
    expect(parsed.items).toEqual(draft.items);

    await teacher.post(`${base}/${ex.id}/publish`);
    await teacher.patch(`${base}/${ex.id}`, { title: "Changed" });
    const v1 = await teacher.get(`${base}/${ex.id}/export?format=json&version=1`);
    expect(JSON.parse(v1.body).title).toBe("Export me");
    expect((await teacher.get(`${base}/${ex.id}/export?format=pdf`)).statusCode).toBe(400);
  });

  it("refuses an item that references another organization's media with 422, storing nothing", async () => {
    // A real file of the other organization, inserted directly: the check is about ownership, not existence.
    const foreignId = "01900000-0000-7000-8000-00000000abcd";
    await t.ctx.database.db
      .insertInto("media")
      .values({
        id: foreignId,
        organization_id: otherOrgId,
        storage_key: `${otherOrgId}/x`,
        filename: "x.mp3",
        content_type: "audio/mpeg",
        size: 1,
        sha256: "0".repeat(64),
        created_by: null,
        created_at: new Date().toISOString(),
        deleted_at: null,
      })
      .execute();
    const before = await countExercises();
    const body = {
      title: "With foreign media",
      items: [{ ...ITEMS_OF_EVERY_TYPE[1], media: [{ mediaId: foreignId, kind: "audio" }] }],
    };
    const res = await teacher.post(base, body);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("unknown_media");
    expect(res.json().error.details[0].field).toBe("body.items.0.media.0.mediaId");
    const exLevel = await teacher.post(base, { title: "x", media: [{ mediaId: foreignId, kind: "audio" }] });
    expect(exLevel.statusCode).toBe(422);
    expect(await countExercises()).toBe(before);

    const ok = await create({ title: "Fine" });
    const patch = await teacher.patch(`${base}/${ok.id}`, body);
    expect(patch.statusCode).toBe(422);
    expect((await teacher.get(`${base}/${ok.id}`)).json().title).toBe("Fine");
  });

  it("hides every exercise from another organization (404) and the library from students (403)", async () => {
    const ex = await create();
    await teacher.post(`${base}/${ex.id}/publish`);
    const otherBase = `/api/v1/orgs/${otherOrgId}/exercises`;
    // The stranger uses their own organization's path with our exercise's id.
    for (const [method, url, body] of [
      ["GET", `${otherBase}/${ex.id}`],
      ["PATCH", `${otherBase}/${ex.id}`, { title: "stolen" }],
      ["DELETE", `${otherBase}/${ex.id}`],
      ["POST", `${otherBase}/${ex.id}/publish`, {}],
      ["GET", `${otherBase}/${ex.id}/versions`],
      ["GET", `${otherBase}/${ex.id}/versions/1`],
      ["GET", `${otherBase}/${ex.id}/export?format=json`],
      ["GET", `${base}/${ex.id}`],
    ] as const) {
      const res = await stranger.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await stranger.get(`${otherBase}?q=alphamarker`)).json().items).toEqual([]);
    for (const [method, url, body] of [
      ["GET", base],
      ["POST", base, exerciseOfEveryType()],
      ["GET", `${base}/${ex.id}`],
      ["PATCH", `${base}/${ex.id}`, { title: "x" }],
      ["POST", `${base}/${ex.id}/publish`, {}],
      ["GET", `${base}/${ex.id}/export?format=gift`],
    ] as const) {
      expect((await student.request(method, url, body)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await teacher.get(`${base}/${ex.id}`)).json().title).toBe("Every type");
  });
});
