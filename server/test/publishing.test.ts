import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exerciseOfEveryType } from "./content-fixtures.ts";
import { type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

/** content-model.md "Publishing rules": a draft may be incomplete, a published version may not (issue 15, item 2). */
describe.each(testEngines())("publishing rules on %s", (engine) => {
  let t: TestApp;
  let teacher: Client;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await signUp(t.app, { organizationName: "Publishing school" });
    teacher = owner.client;
    base = `/api/v1/orgs/${owner.orgId}/exercises`;
  });
  afterAll(async () => t?.close());

  const versionsOf = async (id: string) => (await teacher.get(`${base}/${id}/versions`)).json().items as unknown[];

  it("saves an incomplete draft but refuses to publish it: 422 not_publishable, one entry per problem", async () => {
    const created = await teacher.post(base, {
      title: "Unfinished",
      items: [
        { type: "true_false", prompt: "The sun is hot.", answer: true },
        {
          type: "multiple_choice",
          prompt: "",
          options: [
            { text: "", fraction: 1 },
            { text: "", fraction: 0 },
          ],
        },
        {
          type: "gap_fill",
          prompt: "She [[g1]] to school.",
          gaps: [
            { id: "g1", answers: [{ text: "goes", fraction: 0.5 }] },
            { id: "g2", answers: [{ text: "walks", fraction: 1 }] },
          ],
        },
      ],
    });
    // The schema alone refuses a gap without a marker, so the draft above is refused at save: the
    // one-to-one rule is enforced for drafts already. Save a draft without that problem.
    expect(created.statusCode).toBe(400);

    const draft = await teacher.post(base, {
      title: "Unfinished",
      items: [
        { type: "true_false", prompt: "The sun is hot.", answer: true },
        {
          type: "multiple_choice",
          prompt: "",
          options: [
            { text: "", fraction: 1 },
            { text: "", fraction: 0 },
          ],
        },
        { type: "short_answer", prompt: "Capital of Yorkshire?", answers: [{ text: "Leeds", fraction: 0.5 }] },
      ],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id as string;

    const res = await teacher.post(`${base}/${id}/publish`);
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error as { code: string; details: { field: string; message: string }[] };
    expect(error.code).toBe("not_publishable");
    expect(error.details.map((d) => d.field)).toEqual([
      "items.1.prompt",
      "items.1.options.0.text",
      "items.1.options.1.text",
      "items.2.answers",
    ]);
    expect(error.details.map((d) => d.message)).toEqual([
      "Item 2, prompt: write the question.",
      "Item 2, option 1, text: the option has no text.",
      "Item 2, option 2, text: the option has no text.",
      "Item 3, answers: one answer must earn 100 % credit.",
    ]);
    expect(await versionsOf(id)).toEqual([]);
  });

  it("publishes once every problem is fixed, and the full fixture of every type publishes", async () => {
    const ok = await teacher.post(base, exerciseOfEveryType("Complete"));
    expect(ok.statusCode).toBe(201);
    const pub = await teacher.post(`${base}/${ok.json().id}/publish`);
    expect(pub.statusCode, pub.body).toBe(201);
  });
});

describe.each(testEngines())("start with examples on %s", (engine) => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it("loads the demo exercise, published, into an empty library once (issue 15, item 17)", async () => {
    t = await createTestApp(engine);
    const owner = await signUp(t.app, { organizationName: "Empty school" });
    const base = `/api/v1/orgs/${owner.orgId}/exercises`;
    expect((await owner.client.get(base)).json().items).toEqual([]);
    const res = await owner.client.post(`${base}/examples`);
    expect(res.statusCode, res.body).toBe(201);
    const [ex] = res.json().items as { id: string; latestVersion: number; title: string }[];
    expect(ex?.latestVersion).toBe(1);
    const list = (await owner.client.get(base)).json().items as { id: string }[];
    expect(list.map((e) => e.id)).toEqual([ex?.id]);
    const again = await owner.client.post(`${base}/examples`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("library_not_empty");
    expect((await owner.client.get(base)).json().items).toHaveLength(1);
  });
});
