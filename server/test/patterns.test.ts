/** GET /classes/{id}/patterns and /assignments/{id}/patterns: counts, examples, items, students, time, filters. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublishedExercise } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { at, insertAssignment, insertAttempt, insertClass, insertStudent } from "./insight-fixtures.ts";

const ITEMS = [
  {
    id: "g",
    type: "gap_fill" as const,
    prompt: "He [[g1]] home.",
    gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1 }] }],
  },
  { id: "s", type: "short_answer" as const, prompt: "At / in?", answers: [{ text: "at home", fraction: 1 }] },
];
const err = (category: string, expected: string, actual: string) => ({ category, expected, actual });
const wrong = (errors: ReturnType<typeof err>[]) => ({
  score: 0,
  status: "incorrect" as const,
  errorCategories: errors.map((e) => e.category),
  parts: [{ id: "p1", verdict: "incorrect", errors }],
});

describe.each(testEngines())("error patterns on %s", (engine) => {
  let t: TestApp;
  let owner: Client;
  let orgId: string;
  let classId: string;
  let assignmentId: string;
  let ann: string;
  let ben: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const s = await signUp(t.app);
    owner = s.client;
    orgId = s.orgId;
    classId = await insertClass(t, orgId);
    const ex = await createPublishedExercise(t, orgId, { items: ITEMS });
    assignmentId = await insertAssignment(t, orgId, classId, ex);
    const other = await insertAssignment(t, orgId, classId, ex, { title: "Second" });
    ann = await insertStudent(t, orgId, classId, "Ann");
    ben = await insertStudent(t, orgId, classId, "Ben");
    const base = { orgId, classId, assignmentId };
    await insertAttempt(t, {
      ...base,
      userId: ann,
      submittedAt: at(0),
      responses: { g: wrong([err("word_form", "goes", "go")]), s: wrong([err("preposition", "at", "in")]) },
    });
    await insertAttempt(t, {
      ...base,
      userId: ben,
      submittedAt: at(60 * 24 * 8),
      responses: { g: wrong([err("word_form", "goes", "go")]), s: { score: 1 } },
    });
    // Another assignment of the class: in the class's patterns, not in this assignment's.
    await insertAttempt(t, {
      orgId,
      classId,
      assignmentId: other,
      userId: ben,
      submittedAt: at(60 * 24 * 9),
      responses: { g: wrong([err("word_form", "goes", "going"), err("spelling", "home", "hom")]) },
    });
  });
  afterAll(async () => t?.close());

  it("counts an assignment's errors by category with examples, items, students and periods", async () => {
    const res = await owner.get(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/patterns?period=week`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.categories.map((c: { category: string; count: number }) => [c.category, c.count])).toEqual([
      ["word_form", 2],
      ["preposition", 1],
    ]);
    const wf = body.categories[0];
    expect(wf.students).toBe(2);
    expect(wf.items).toEqual([{ item: "g", count: 2 }]);
    expect(wf.examples).toEqual([{ expected: "goes", actual: "go", count: 2, item: "g" }]);
    expect(body.students.find((s: { userId: string }) => s.userId === ann)).toMatchObject({
      name: "Ann",
      total: 2,
      counts: { word_form: 1, preposition: 1 },
    });
    expect(body.overTime).toEqual([
      { period: "2026-W02", counts: { word_form: 1, preposition: 1 } },
      { period: "2026-W03", counts: { word_form: 1 } },
    ]);
  });

  it("covers every assignment of a class, with filters by student and date", async () => {
    const url = `/api/v1/orgs/${orgId}/classes/${classId}/patterns`;
    const all = (await owner.get(url)).json();
    expect(all.total).toBe(5);
    expect(all.categories[0]).toMatchObject({ category: "word_form", count: 3 });
    expect(all.categories[0].examples).toHaveLength(2);
    const benOnly = (await owner.get(`${url}?studentId=${ben}`)).json();
    expect(benOnly.total).toBe(3);
    expect(benOnly.students.map((s: { userId: string }) => s.userId)).toEqual([ben]);
    const later = (await owner.get(`${url}?from=${encodeURIComponent(at(60))}&period=day`)).json();
    expect(later.total).toBe(3);
    expect(later.overTime.map((p: { period: string }) => p.period)).toEqual(["2026-01-13", "2026-01-14"]);
    expect((await owner.get(`${url}?from=not-a-date`)).statusCode).toBe(400);
  });

  it("answers 403 to a student and 404 to another organization or an unknown class", async () => {
    const student = (await addMember(t, orgId, "student")).client;
    expect((await student.get(`/api/v1/orgs/${orgId}/classes/${classId}/patterns`)).statusCode).toBe(403);
    expect((await student.get(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/patterns`)).statusCode).toBe(403);
    const other = await signUp(t.app, { organizationName: "Other" });
    expect((await other.client.get(`/api/v1/orgs/${orgId}/classes/${classId}/patterns`)).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/classes/${classId}/patterns`)).statusCode).toBe(404);
    expect(
      (await other.client.get(`/api/v1/orgs/${other.orgId}/assignments/${assignmentId}/patterns`)).statusCode,
    ).toBe(404);
  });
});
