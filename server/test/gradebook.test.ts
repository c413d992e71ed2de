import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neutralizeFormula } from "../src/modules/gradebook/gradebook.service.ts";
import { createAssignment, createPublishedExercise } from "./factories.ts";
import { addMember, Client, createTestApp, signUp, type TestApp, testEngines, uniqueEmail } from "./harness.ts";

let k = 0;
const key = () => ({ "idempotency-key": `gb-${Date.now()}-${++k}` });

describe("neutralizeFormula", () => {
  it("prefixes cells a spreadsheet would run as formulas", () => {
    for (const bad of ["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]) expect(neutralizeFormula(bad)).toBe(`'${bad}`);
    for (const ok of ["Ann", "a=b", "", "1-2"]) expect(neutralizeFormula(ok)).toBe(ok);
  });
});

describe.each(testEngines())("gradebook on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  const base = () => `/api/v1/orgs/${orgId}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await signUp(t.app);
    orgId = a.orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
  });
  afterAll(async () => t?.close());

  async function joinAs(code: string, name: string) {
    const c = new Client(t.app);
    const res = await c.post("/api/v1/auth/join", {
      code,
      name,
      email: uniqueEmail("gb"),
      password: "student password 1",
    });
    expect(res.statusCode, res.body).toBe(201);
    return c;
  }
  async function doAssignment(student: Client, assignmentId: string, responses: Record<string, unknown>) {
    const attempt = (await student.post(`${base()}/assignments/${assignmentId}/attempts`)).json();
    const res = await student.post(`${base()}/attempts/${attempt.id}/submit`, { responses }, key());
    expect(res.statusCode, res.body).toBe(200);
  }

  it("has one row per student, one column per assignment (best score), then the average", async () => {
    const cls = (await teacher.post(`${base()}/classes`, { name: "Gradebook class" })).json();
    const two = await createPublishedExercise(t, orgId, {
      title: "=Two questions",
      items: [
        { id: "a", type: "short_answer", prompt: "go → past", answers: [{ text: "went", fraction: 1 }] },
        { id: "b", type: "short_answer", prompt: "see → past", answers: [{ text: "saw", fraction: 1 }] },
      ],
    });
    const one = await createPublishedExercise(t, orgId, {
      title: "One question",
      items: [{ id: "a", type: "true_false", prompt: "Yes?", answer: true }],
    });
    const a1 = await createAssignment(teacher, orgId, { exerciseId: two.exerciseId, classId: cls.id, maxAttempts: 2 });
    const a2 = await createAssignment(teacher, orgId, { exerciseId: one.exerciseId, classId: cls.id });

    const ann = await joinAs(cls.joinCode, "Ann");
    const bob = await joinAs(cls.joinCode, '=HYPERLINK("http://evil","Bob")');
    await joinAs(cls.joinCode, "Cid");
    await doAssignment(ann, a1.id, { a: { text: "went" } });
    await doAssignment(ann, a1.id, { a: { text: "went" }, b: { text: "saw" } });
    await doAssignment(ann, a2.id, { a: { value: false } });
    await doAssignment(bob, a1.id, { a: { text: "went" } });
    // An attempt still open does not count.
    await bob.post(`${base()}/assignments/${a2.id}/attempts`);

    const res = await teacher.get(`${base()}/classes/${cls.id}/gradebook.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="gradebook Gradebook class.csv"/);
    expect(res.body.startsWith("\ufeff")).toBe(true);
    const rows = parse(res.body.slice(1)) as string[][];
    expect(rows[0]).toEqual(["Name", "Email", "'=Two questions (/2)", "One question (/1)", "Average %"]);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.Ann!.slice(2)).toEqual(["2", "0", "50"]);
    expect(byName['\'=HYPERLINK("http://evil","Bob")']!.slice(2)).toEqual(["1", "", "50"]);
    expect(byName.Cid!.slice(2)).toEqual(["", "", ""]);
    expect(rows).toHaveLength(4);
  });

  it("says `pending` while the only submitted work waits for its essay grade, then shows the graded score", async () => {
    const cls = (await teacher.post(`${base()}/classes`, { name: "Essay class" })).json();
    const essay = await createPublishedExercise(t, orgId, {
      title: "Holiday essay",
      items: [
        { id: "w", type: "essay", prompt: "Write about your holiday.", points: 4 },
        { id: "a", type: "short_answer", prompt: "go → past", answers: [{ text: "went", fraction: 1 }] },
      ],
    });
    const a = await createAssignment(teacher, orgId, { exerciseId: essay.exerciseId, classId: cls.id });
    const eve = await joinAs(cls.joinCode, "Eve");
    await doAssignment(eve, a.id, { w: { text: "We went to the sea." }, a: { text: "went" } });
    const csv = async () => {
      const res = await teacher.get(`${base()}/classes/${cls.id}/gradebook.csv`);
      expect(res.statusCode).toBe(200);
      return parse(res.body.slice(1)) as string[][];
    };
    expect((await csv())[1]).toEqual(["Eve", expect.any(String), "pending", ""]);

    const queue = (await teacher.get(`${base()}/assignments/${a.id}/grading`)).json();
    const graded = await teacher.put(`${base()}/responses/${queue.items[0].responseId}/grade`, { score: 3 });
    expect(graded.statusCode, graded.body).toBe(200);
    expect((await csv())[1]).toEqual(["Eve", expect.any(String), "4", "80"]);
  });

  it("is for the class's teachers only", async () => {
    const cls = (await teacher.post(`${base()}/classes`, { name: "Private" })).json();
    const student = await joinAs(cls.joinCode, "Sly");
    expect((await student.get(`${base()}/classes/${cls.id}/gradebook.csv`)).statusCode).toBe(403);
    const other = await signUp(t.app, { organizationName: "Elsewhere" });
    expect((await other.client.get(`${base()}/classes/${cls.id}/gradebook.csv`)).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/classes/${cls.id}/gradebook.csv`)).statusCode).toBe(
      404,
    );
  });
});
