/**
 * GET /classes/{id}/reteach over HTTP on every engine: the class's mistakes ranked by how many students still
 * make them, with real examples, the items, and library exercises of that skill not yet assigned — which the
 * teacher assigns in one request, after which it is no longer suggested.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, createPublishedExercise } from "./factories.ts";
import { type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { insertAssignment, insertAttempt, insertClass, insertStudent } from "./insight-fixtures.ts";

describe.each(testEngines())("what to reteach on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let classId: string;
  let drillId: string;
  let ex: Awaited<ReturnType<typeof createPublishedExercise>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const s = await signUp(t.app);
    teacher = s.client;
    orgId = s.orgId;
    classId = await insertClass(t, orgId);
    const items = [
      { id: "q1", type: "short_answer" as const, prompt: "Past of go", answers: [{ text: "went", fraction: 1 }] },
      { id: "q2", type: "short_answer" as const, prompt: "Past of buy", answers: [{ text: "bought", fraction: 1 }] },
    ];
    ex = await createPublishedExercise(t, orgId, { items, title: "Irregular verbs" });
    const db = t.ctx.database.db;
    const row = await db
      .selectFrom("exercise_versions")
      .select("content")
      .where("id", "=", ex.versionId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("exercise_versions")
      .set({ content: JSON.stringify({ ...JSON.parse(row.content), skills: ["grammar"] }) })
      .where("id", "=", ex.versionId)
      .execute();
    const drill = await createPublishedExercise(t, orgId, { items, title: "Past simple drill" });
    drillId = drill.exerciseId;
    await db
      .insertInto("exercise_labels")
      .values({ exercise_id: drillId, organization_id: orgId, kind: "skill", value: "grammar" })
      .execute();
    const assignmentId = await insertAssignment(t, orgId, classId, ex);
    const now = Date.now();
    const when = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    for (const [k, name] of ["Ana", "Ben", "Cy"].entries()) {
      const userId = await insertStudent(t, orgId, classId, name);
      await insertAttempt(t, {
        orgId,
        classId,
        assignmentId,
        userId,
        submittedAt: when(k + 1),
        responses: {
          // Ana and Ben regularize the verb; Cy gets q1 right.
          q1:
            k < 2
              ? { score: 0, status: "incorrect", errorCategories: ["verb_form"], normalizedText: "goed" }
              : { score: 1, status: "correct" },
          q2: { score: 0, status: "incorrect", errorCategories: ["spelling"], normalizedText: "bougth" },
        },
      });
    }
  });
  afterAll(async () => t?.close());

  const url = () => `/api/v1/orgs/${orgId}/classes/${classId}/reteach`;

  it("ranks mistakes by students, with examples, items and unassigned library exercises", async () => {
    const res = await teacher.get(url());
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json().items;
    expect(list.map((e: { category: string }) => e.category)).toEqual(["spelling", "verb_form"]);
    expect(list[0]).toMatchObject({ skill: "grammar", students: { count: 3, names: ["Ana", "Ben", "Cy"] } });
    expect(list[1]).toMatchObject({ students: { count: 2, names: ["Ana", "Ben"] }, examples: ["goed"] });
    expect(list[1].items).toEqual([expect.objectContaining({ item: "q1", version: 1 })]);
    expect(list[1].suggestions).toEqual([expect.objectContaining({ exerciseId: drillId, title: "Past simple drill" })]);
    expect(list[1].share).toBeGreaterThan(0);
    expect(list[1].share).toBeLessThan(1);
  });

  it("assigns a suggestion in one request, and then no longer suggests it", async () => {
    const a = await createAssignment(teacher, orgId, { exerciseId: drillId, classId });
    expect(a.title).toBe("Past simple drill");
    const list = (await teacher.get(url())).json().items;
    expect(list[1].suggestions).toEqual([]);
  });

  it("says whether each mistake is rising, falling or steady: this week's answers against the week before's", async () => {
    // The first class answered only in the last three days: no week before to compare with.
    for (const e of (await teacher.get(url())).json().items) expect(e.trend, e.category).toBeNull();

    const trendClass = await insertClass(t, orgId, "Trend class");
    const assignmentId = await insertAssignment(t, orgId, trendClass, ex);
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const right = { score: 1, status: "correct" as const };
    const wrong = (categories: string[], text: string) => ({
      score: 0,
      status: "incorrect" as const,
      errorCategories: categories,
      normalizedText: text,
    });
    // Four students, one attempt ten days ago and one two days ago, two answers (both "grammar") in each: eight
    // answers a week. verb_form 0/8 → 3/8 (rising), spelling 3/8 → 1/8 (falling), word_order 1/8 → 1/8 (steady).
    const weeks = [
      {
        daysAgo: 10,
        rows: [
          { q1: right, q2: wrong(["spelling"], "bougth") },
          { q1: right, q2: wrong(["spelling"], "bougt") },
          { q1: right, q2: wrong(["spelling"], "boght") },
          { q1: wrong(["word_order"], "home went I"), q2: right },
        ],
      },
      {
        daysAgo: 2,
        rows: [
          { q1: wrong(["verb_form"], "goed"), q2: wrong(["spelling"], "bougth") },
          { q1: wrong(["verb_form"], "goed"), q2: right },
          { q1: wrong(["verb_form"], "goes"), q2: right },
          { q1: wrong(["word_order"], "home went I"), q2: right },
        ],
      },
    ];
    const students = [];
    for (const name of ["Pia", "Quin", "Rae", "Sol"]) students.push(await insertStudent(t, orgId, trendClass, name));
    for (const week of weeks)
      for (const [k, responses] of week.rows.entries())
        await insertAttempt(t, {
          orgId,
          classId: trendClass,
          assignmentId,
          userId: students[k] as string,
          submittedAt: at(week.daysAgo),
          responses,
        });

    const res = await teacher.get(`/api/v1/orgs/${orgId}/classes/${trendClass}/reteach`);
    expect(res.statusCode, res.body).toBe(200);
    const byCategory = Object.fromEntries(
      (res.json().items as { category: string; trend: string | null }[]).map((e) => [e.category, e.trend]),
    );
    expect(byCategory).toEqual({ verb_form: "rising", spelling: "falling", word_order: "steady" });
  });

  it("is for staff: 404 for another organization and an unknown class", async () => {
    const other = await signUp(t.app);
    expect((await other.client.get(url())).statusCode).toBe(404);
    expect((await teacher.get(`/api/v1/orgs/${orgId}/classes/nope/reteach`)).statusCode).toBe(404);
  });
});
