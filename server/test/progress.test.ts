/** GET /students/{userId}/progress: shares by skill, level and tag over time; who may read it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublishedExercise, type PublishedExercise } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { at, enrol, insertAssignment, insertAttempt, insertClass } from "./insight-fixtures.ts";

const ITEMS = [
  { id: "a", type: "short_answer" as const, prompt: "A", answers: [{ text: "x", fraction: 1 }], tags: ["Irregular"] },
  { id: "b", type: "short_answer" as const, prompt: "B", points: 3, answers: [{ text: "y", fraction: 1 }] },
];

/** Gives the pinned version a level, skills and tags (the factory publishes a bare exercise). */
async function label(t: TestApp, ex: PublishedExercise, extra: { level: string; skills: string[]; tags: string[] }) {
  const row = await t.ctx.database.db
    .selectFrom("exercise_versions")
    .select("content")
    .where("id", "=", ex.versionId)
    .executeTakeFirstOrThrow();
  const content = { ...JSON.parse(row.content), ...extra };
  await t.ctx.database.db
    .updateTable("exercise_versions")
    .set({ content: JSON.stringify(content) })
    .where("id", "=", ex.versionId)
    .execute();
}

describe.each(testEngines())("progress on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let owner: Client;
  let me: { client: Client; userId: string };
  let peer: { client: Client; userId: string };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const s = await signUp(t.app);
    owner = s.client;
    orgId = s.orgId;
    const classId = await insertClass(t, orgId);
    me = await addMember(t, orgId, "student", "Mia");
    peer = await addMember(t, orgId, "student", "Pat");
    await enrol(t, orgId, classId, me.userId);
    const grammar = await createPublishedExercise(t, orgId, { items: ITEMS, title: "G" });
    await label(t, grammar, { level: "A2", skills: ["grammar"], tags: ["past-simple"] });
    const reading = await createPublishedExercise(t, orgId, { items: ITEMS, title: "R" });
    await label(t, reading, { level: "B1", skills: ["reading", "vocabulary"], tags: [] });
    const g = await insertAssignment(t, orgId, classId, grammar);
    const r = await insertAssignment(t, orgId, classId, reading);
    const base = { orgId, classId, userId: me.userId };
    // Week 2: grammar 1 + 0 of 1 + 3. Week 3: grammar 1 + 3 of 4; reading 0 + 3 of 4 with a pending item left out.
    await insertAttempt(t, {
      ...base,
      assignmentId: g,
      submittedAt: at(0),
      responses: { a: { score: 1 }, b: { score: 0, maxScore: 3 } },
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: g,
      submittedAt: at(60 * 24 * 7),
      responses: { a: { score: 1 }, b: { score: 3, maxScore: 3 } },
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: r,
      submittedAt: at(60 * 24 * 8),
      responses: { a: { score: 0 }, b: { score: 3, maxScore: 3 }, c: { score: 0, maxScore: 5, status: "pending" } },
    });
  });
  afterAll(async () => t?.close());

  const url = (userId: string, q = "") => `/api/v1/orgs/${orgId}/students/${userId}/progress${q}`;

  it("gives score shares per period overall and by skill, level and tag (item tags included)", async () => {
    const res = await me.client.get(url(me.userId));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.student).toEqual({ id: me.userId, name: "Mia" });
    expect(body.overall).toEqual([
      { period: "2026-W02", score: 1, maxScore: 4, share: 0.25, count: 2 },
      { period: "2026-W03", score: 7, maxScore: 8, share: 7 / 8, count: 4 },
    ]);
    const series = (list: { key: string; points: { period: string; share: number }[] }[]) =>
      Object.fromEntries(list.map((s) => [s.key, s.points.map((p) => [p.period, p.share])]));
    expect(series(body.skills)).toEqual({
      grammar: [
        ["2026-W02", 0.25],
        ["2026-W03", 1],
      ],
      reading: [["2026-W03", 0.75]],
      vocabulary: [["2026-W03", 0.75]],
    });
    expect(body.levels.map((l: { key: string }) => l.key)).toEqual(["A2", "B1"]);
    const tags = series(body.tags);
    expect(tags.irregular).toEqual([
      ["2026-W02", 1],
      ["2026-W03", 0.5],
    ]);
    expect(tags["past-simple"]).toEqual([
      ["2026-W02", 0.25],
      ["2026-W03", 1],
    ]);
    const month = (await owner.get(url(me.userId, "?period=month"))).json();
    expect(month.overall).toEqual([{ period: "2026-01", score: 8, maxScore: 12, share: 8 / 12, count: 6 }]);
    const later = (await owner.get(url(me.userId, `?from=${encodeURIComponent(at(60))}`))).json();
    expect(later.responses).toBe(4);
  });

  it("is readable by the student themself and staff only; another student or organization gets 404", async () => {
    const teacher = (await addMember(t, orgId, "teacher")).client;
    const seen = await teacher.get(url(me.userId));
    expect(seen.statusCode).toBe(200);
    expect(seen.json().student.name).toBe("Mia");
    expect((await peer.client.get(url(peer.userId))).statusCode).toBe(200);
    const res = await peer.client.get(url(me.userId));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect((await owner.get(url("01900000-0000-7000-8000-000000000000"))).statusCode).toBe(404);
    const other = await signUp(t.app, { organizationName: "Other" });
    expect((await other.client.get(url(me.userId))).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/students/${me.userId}/progress`)).statusCode).toBe(404);
  });
});
