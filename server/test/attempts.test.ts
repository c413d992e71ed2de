import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptDto } from "../src/modules/attempts/attempts.schema.ts";
import {
  createAssignment,
  createClassWithStudents,
  createPublishedExercise,
  type PublishedExercise,
  RIGHT_RESPONSES,
} from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

let keyCounter = 0;
const key = () => ({ "idempotency-key": `k-${Date.now()}-${++keyCounter}` });

/**
 * The attempt answers skip Zod on the way out (attempts.schema.ts, plainJson): each must already be exactly the
 * documented shape. Zod strips what its schema does not name, so anything extra makes the parsed copy differ.
 */
function expectAttemptShape(body: unknown) {
  const parsed = attemptDto.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(JSON.parse(JSON.stringify(parsed.data))).toEqual(body);
}

describe.each(testEngines())("attempts on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let ex: PublishedExercise;
  let cls: Awaited<ReturnType<typeof createClassWithStudents>>;
  const base = () => `/api/v1/orgs/${orgId}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await signUp(t.app);
    orgId = a.orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
    ex = await createPublishedExercise(t, orgId);
    cls = await createClassWithStudents(t, orgId, teacher, 3);
  });
  afterAll(async () => t?.close());

  async function newAssignment(body: Record<string, unknown> = {}) {
    return createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId, ...body });
  }

  it("starts an attempt with items that reveal no answer, and returns the same one while it is open", async () => {
    const a = await newAssignment();
    const student = cls.students[0]!.client;
    const res = await student.post(`${base()}/assignments/${a.id}/attempts`);
    expect(res.statusCode, res.body).toBe(201);
    const attempt = res.json();
    expect(attempt).toMatchObject({ status: "in_progress", number: 1, score: null, results: null, maxScore: 16 });
    const body = JSON.stringify(attempt.exercise);
    for (const secret of ["fraction", "answers", "feedbackTrue", '"answer"', "sequence", "Right!", "Irregular"]) {
      expect(body, secret).not.toContain(secret);
    }
    const items = Object.fromEntries(attempt.exercise.items.map((i: { id: string }) => [i.id, i]));
    expect(items.mc.options).toEqual(expect.arrayContaining([{ id: "b", text: "goes" }]));
    expect([...items.bank.bank].sort()).toEqual(["cat", "cow", "dog"]);
    expect(items.bank.gaps).toEqual([{ id: "g1" }, { id: "g2" }]);
    expect([...items.drop.gaps[0].options].sort()).toEqual(["at", "in", "on"]);
    expect(items.match.lefts).toEqual(["France", "Spain"]);
    expect([...items.match.rights].sort()).toEqual(["Berlin", "Madrid", "Paris"]);
    expect([...items.order.units].sort()).toEqual(["I", "go", "school", "to"]);
    expect(items.order.units).not.toEqual(["I", "go", "to", "school"]);
    expect(items.mark.prompt).not.toContain("*");
    expect(items.mark.tokens).toEqual(["She", "go", "to", "school", "yesterday", "morning."]);
    expect(items.essay.rubric).toHaveLength(2);

    const again = await student.post(`${base()}/assignments/${a.id}/attempts`);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(attempt.id);
    expect(again.json().exercise).toEqual(attempt.exercise);
    const started = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("type", "=", "attempt.started")
      .execute();
    expect(started.filter((e) => JSON.parse(e.payload).attemptId === attempt.id)).toHaveLength(1);
  });

  it("shuffles per attempt when asked, stable on reload", async () => {
    const a = await newAssignment({ shuffle: true });
    const orders = [];
    for (const s of cls.students) {
      const first = (await s.client.post(`${base()}/assignments/${a.id}/attempts`)).json();
      const reload = (await s.client.get(`${base()}/attempts/${first.id}`)).json();
      expect(reload.exercise).toEqual(first.exercise);
      expect(first.exercise.items[0].id).toBe("intro");
      orders.push(first.exercise.items.map((i: { id: string }) => i.id).join(","));
    }
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it("autosaves responses (shape checked, owner only) and grades them all on submit", async () => {
    const a = await newAssignment();
    const s = cls.students[1]!;
    const attempt = (await s.client.post(`${base()}/assignments/${a.id}/attempts`)).json();
    const put = (itemId: string, response: unknown, client = s.client) =>
      client.put(`${base()}/attempts/${attempt.id}/responses/${itemId}`, { response });

    for (const [itemId, response] of Object.entries(RIGHT_RESPONSES)) {
      if (itemId === "sa") continue;
      const res = await put(itemId, response);
      expect(res.statusCode, `${itemId}: ${res.body}`).toBe(200);
    }
    expect((await put("mc", { text: "goes" })).json().error.code).toBe("invalid_response");
    expect((await put("mc", { selected: ["z"] })).statusCode).toBe(422);
    expect((await put("mc", { selected: ["a", "b"] })).statusCode).toBe(422);
    expect((await put("mark", { marked: [99] })).statusCode).toBe(422);
    expect((await put("intro", { text: "x" })).statusCode).toBe(422);
    expect((await put("nope", { text: "x" })).statusCode).toBe(404);
    expect((await put("sa", { wrong: 1 })).statusCode).toBe(400);
    // The teacher may read it but not write in it; another student does not see it at all.
    expect((await put("sa", { text: "went" }, teacher)).statusCode).toBe(403);
    expect((await put("sa", { text: "went" }, cls.students[2]!.client)).statusCode).toBe(404);

    const saved = (await s.client.get(`${base()}/attempts/${attempt.id}`)).json();
    expect(saved.responses.mc).toEqual({ selected: ["b"] });
    expect(saved.responses.sa).toBeUndefined();

    const submit = await s.client.post(
      `${base()}/attempts/${attempt.id}/submit`,
      { responses: { sa: { text: "Went." } }, activeSeconds: 99999 },
      key(),
    );
    expect(submit.statusCode, submit.body).toBe(200);
    const graded = submit.json();
    expect(graded.status).toBe("submitted");
    // The pending rule: while the essay waits for its teacher the student sees no score (11 of 16 would read as
    // a result); the teacher sees the score so far.
    expect(graded.score).toBeNull();
    expect((await teacher.get(`${base()}/attempts/${attempt.id}`)).json().score).toBe(11);
    expect(graded.maxScore).toBe(16);
    expect(graded.pendingReview).toBe(true);
    expect(graded.results.sa.status).toBe("correct");
    expect(graded.results.essay.status).toBe("pending");
    expect(Object.keys(graded.results).sort()).toEqual(Object.keys(RIGHT_RESPONSES).sort());

    const rows = await t.ctx.database.db
      .selectFrom("responses")
      .selectAll()
      .where("attempt_id", "=", attempt.id)
      .execute();
    expect(rows).toHaveLength(11);
    const sa = rows.find((r) => r.item_id === "sa")!;
    expect(sa).toMatchObject({ item_type: "short_answer", normalized_text: "went", score: 1, status: "correct" });
    expect(rows.reduce((sum, r) => sum + Number(r.score), 0)).toBe(11);
    const row = await t.ctx.database.db
      .selectFrom("attempts")
      .selectAll()
      .where("id", "=", attempt.id)
      .executeTakeFirst();
    expect(row?.active_seconds).toBeLessThanOrEqual(row?.time_on_task_seconds ?? -1);
    const drafts = await t.ctx.database.db
      .selectFrom("attempt_drafts")
      .select("item_id")
      .where("attempt_id", "=", attempt.id)
      .execute();
    expect(drafts).toEqual([]);
    expect(row?.submitted_at).toBeTruthy();

    expect((await put("mc", { selected: ["a"] })).statusCode).toBe(409);

    // The submit answer is built from the rows it wrote, not read back: it must be what a read returns.
    expect((await s.client.get(`${base()}/attempts/${attempt.id}`)).json()).toEqual(graded);
    expectAttemptShape(graded);
    expectAttemptShape((await teacher.get(`${base()}/attempts/${attempt.id}`)).json());
  });

  it("answers a start with the attempt as a later read shows it", async () => {
    const a = await newAssignment({ shuffle: true });
    const s = cls.students[2]!;
    const started = await s.client.post(`${base()}/assignments/${a.id}/attempts`);
    expect(started.statusCode).toBe(201);
    const read = (await s.client.get(`${base()}/attempts/${started.json().id}`)).json();
    // Only the clock moves between the two answers.
    expect({ ...started.json(), timeOnTaskSeconds: 0 }).toEqual({ ...read, timeOnTaskSeconds: 0 });
    expectAttemptShape(started.json());
  });

  it("stores error categories and normalized answers for analytics", async () => {
    const a = await newAssignment();
    const s = cls.students[2]!.client;
    const attempt = (await s.post(`${base()}/assignments/${a.id}/attempts`)).json();
    const res = await s.post(
      `${base()}/attempts/${attempt.id}/submit`,
      { responses: { sa: { text: "  GOED " }, gap: { gaps: { g1: "go", g2: "comes" } }, mc: { selected: ["a"] } } },
      key(),
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = await t.ctx.database.db
      .selectFrom("responses")
      .select(["item_id", "normalized_text", "error_categories", "status", "score"])
      .where("attempt_id", "=", attempt.id)
      .execute();
    const by = Object.fromEntries(rows.map((r) => [r.item_id, r]));
    expect(by.sa?.normalized_text).toBe("goed");
    expect(by.gap?.normalized_text).toBe("go | comes");
    expect(JSON.parse(by.gap!.error_categories)).toContain("word_form");
    // The options are forms of one verb: the wrong choice is a word-form mistake (grading.md, Refinements).
    expect(JSON.parse(by.mc!.error_categories)).toEqual(["word_form"]);
    expect(by.essay?.status).toBe("blank");
    expect(by.tf?.status).toBe("blank");
    // Nothing pending (blank essay): the attempt is fully graded at once.
    expect(res.json().pendingReview).toBe(false);
  });

  it("follows the feedback mode: never shows no score, after_due waits for the due date", async () => {
    const never = await newAssignment({ feedback: "never" });
    const s = cls.students[0]!.client;
    const t1 = (await s.post(`${base()}/assignments/${never.id}/attempts`)).json();
    const r1 = (await s.post(`${base()}/attempts/${t1.id}/submit`, { responses: RIGHT_RESPONSES }, key())).json();
    expect(r1).toMatchObject({ status: "submitted", score: null, results: null });
    const teacherView = (await teacher.get(`${base()}/attempts/${t1.id}`)).json();
    expect(teacherView.score).toBe(11);
    expect(teacherView.results.mc.parts[0].expected).toBeDefined();

    const due = new Date(Date.now() + 3_600_000).toISOString();
    const later = await newAssignment({ feedback: "after_due", dueAt: due });
    const t2 = (await s.post(`${base()}/assignments/${later.id}/attempts`)).json();
    expect((await s.post(`${base()}/attempts/${t2.id}/submit`, {}, key())).json().score).toBeNull();
    await teacher.patch(`${base()}/assignments/${later.id}`, {
      dueAt: new Date(Date.now() - 1000).toISOString(),
    });
    const after = (await s.get(`${base()}/attempts/${t2.id}`)).json();
    expect(after.score).toBe(0);
    expect(after.results.sa.status).toBe("blank");
  });

  it("hides the right answers from a student who may try again", async () => {
    // Right answers are shown at the `answers` level of the review policy (`immediate` alone means verdicts).
    const a = await newAssignment({ maxAttempts: 2, review: { when: "immediate", show: "answers" } });
    const s = cls.students[1]!.client;
    const first = (await s.post(`${base()}/assignments/${a.id}/attempts`)).json();
    const r = (
      await s.post(`${base()}/attempts/${first.id}/submit`, { responses: { sa: { text: "goed" } } }, key())
    ).json();
    expect(r.results.sa.status).toBe("incorrect");
    expect(JSON.stringify(r.results)).not.toContain("went");
    const second = await s.post(`${base()}/assignments/${a.id}/attempts`);
    expect(second.statusCode).toBe(201);
    expect(second.json().number).toBe(2);
    const r2 = (await s.post(`${base()}/attempts/${second.json().id}/submit`, {}, key())).json();
    expect(JSON.stringify(r2.results)).toContain("went");
  });

  it("lists an assignment's attempts for its teachers only", async () => {
    const a = await newAssignment();
    for (const s of cls.students.slice(0, 2)) await s.client.post(`${base()}/assignments/${a.id}/attempts`);
    const list = await teacher.get(`${base()}/assignments/${a.id}/attempts?limit=1`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ status: "in_progress", student: { name: expect.any(String) } });
    const next = (await teacher.get(`${base()}/assignments/${a.id}/attempts?cursor=${list.json().nextCursor}`)).json();
    expect(next.items).toHaveLength(1);
    expect(next.nextCursor).toBeNull();
    expect((await cls.students[0]!.client.get(`${base()}/assignments/${a.id}/attempts`)).statusCode).toBe(403);
  });

  it("lets only students of the class start attempts", async () => {
    const a = await newAssignment();
    expect((await teacher.post(`${base()}/assignments/${a.id}/attempts`)).statusCode).toBe(403);
    const other = await createClassWithStudents(t, orgId, teacher, 1, "Other class");
    const outsider = other.students[0]!.client;
    expect((await outsider.post(`${base()}/assignments/${a.id}/attempts`)).statusCode).toBe(404);
    expect((await outsider.get(`${base()}/assignments/${a.id}`)).statusCode).toBe(404);
    expect((await cls.students[0]!.client.get(`${base()}/assignments/${a.id}`)).statusCode).toBe(200);
  });

  it("stops a student taken out of the class from writing in an attempt they had started, not from reading it", async () => {
    const own = await createClassWithStudents(t, orgId, teacher, 1, "Leaving class");
    const a = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: own.classId });
    const s = own.students[0]!;
    const attempt = (await s.client.post(`${base()}/assignments/${a.id}/attempts`)).json();
    expect(
      (await s.client.put(`${base()}/attempts/${attempt.id}/responses/sa`, { response: { text: "went" } })).statusCode,
    ).toBe(200);
    expect((await teacher.delete(`${base()}/classes/${own.classId}/students/${s.userId}`)).statusCode).toBe(204);

    const save = await s.client.put(`${base()}/attempts/${attempt.id}/responses/sa`, { response: { text: "go" } });
    expect(save.statusCode).toBe(404);
    const submit = await s.client.post(`${base()}/attempts/${attempt.id}/submit`, {}, key());
    expect(submit.statusCode).toBe(404);
    const read = await s.client.get(`${base()}/attempts/${attempt.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ status: "in_progress", responses: { sa: { text: "went" } } });
    const rows = await t.ctx.database.db
      .selectFrom("responses")
      .select("id")
      .where("attempt_id", "=", attempt.id)
      .execute();
    expect(rows).toHaveLength(0);
  });
});
