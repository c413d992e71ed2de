/**
 * Issue 15, item 10, over HTTP on every engine: a numerical answer that is not a number ("2.5 hours") is kept as
 * the student wrote it — autosaved, read back, submitted — and graded as grading.md "Numbers" says: wrong, with
 * the category `not_a_number`; a number outside every tolerance is `wrong_value`; "2,5" is the number 2.5.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, createClassWithStudents, createPublishedExercise } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

const ITEMS = [
  {
    id: "film",
    type: "numerical" as const,
    prompt: "The film starts at 7 and ends at 9:30. How many hours long is it?",
    answers: [{ value: 2.5, tolerance: 0, fraction: 1 }],
  },
];

describe.each(testEngines())("a numerical answer that is not a number on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let assignmentId: string;
  let students: Awaited<ReturnType<typeof createClassWithStudents>>["students"];
  const base = () => `/api/v1/orgs/${orgId}`;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    orgId = (await signUp(t.app)).orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
    const ex = await createPublishedExercise(t, orgId, { title: "Times", items: ITEMS });
    const cls = await createClassWithStudents(t, orgId, teacher, 3);
    students = cls.students;
    assignmentId = (await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId })).id;
  });
  afterAll(async () => t?.close());

  /** Starts an attempt, autosaves `response`, reads it back, submits the saved answers; the graded attempt. */
  async function answer(student: Client, response: unknown) {
    const attempt = (await student.post(`${base()}/assignments/${assignmentId}/attempts`)).json();
    const save = await student.put(`${base()}/attempts/${attempt.id}/responses/film`, { response });
    expect(save.statusCode, save.body).toBe(200);
    expect((await student.get(`${base()}/attempts/${attempt.id}`)).json().responses.film).toEqual(response);
    const submit = await student.post(`${base()}/attempts/${attempt.id}/submit`, {}, { "idempotency-key": `n${++n}` });
    expect(submit.statusCode, submit.body).toBe(200);
    return submit.json() as {
      id: string;
      score: number;
      responses: Record<string, unknown>;
      results: Record<string, { score: number; status: string; parts: { errors: { category: string }[] }[] }>;
    };
  }
  const categories = (r: { parts: { errors: { category: string }[] }[] }) =>
    r.parts.flatMap((p) => p.errors.map((e) => e.category));

  it("keeps “2.5 hours” as written and grades it wrong as not_a_number, not as unanswered", async () => {
    const graded = await answer(students[0]!.client, { text: "2.5 hours" });
    expect(graded.responses.film).toEqual({ text: "2.5 hours" });
    expect(graded.results.film).toMatchObject({ score: 0, status: "incorrect" });
    expect(categories(graded.results.film!)).toEqual(["not_a_number"]);
    // The teacher sees the answer as given, and the stored response says what it was.
    const staff = (await teacher.get(`${base()}/attempts/${graded.id}`)).json();
    expect(staff.responses.film).toEqual({ text: "2.5 hours" });
    const row = await t.ctx.database.db
      .selectFrom("responses")
      .select(["status", "score", "error_categories"])
      .where("attempt_id", "=", graded.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("incorrect");
    expect(Number(row.score)).toBe(0);
    expect(JSON.parse(row.error_categories ?? "[]")).toEqual(["not_a_number"]);
  });

  it("reads “2,5” as the number 2.5 (right), and a number out of tolerance as wrong_value", async () => {
    const comma = await answer(students[1]!.client, { text: "2,5" });
    expect(comma.results.film).toMatchObject({ score: 1, status: "correct" });
    const off = await answer(students[2]!.client, { value: 3 });
    expect(off.results.film).toMatchObject({ score: 0, status: "incorrect" });
    expect(categories(off.results.film!)).toEqual(["wrong_value"]);
  });
});
