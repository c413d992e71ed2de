import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, createClassWithStudents, createPublishedExercise, RIGHT_RESPONSES } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

let k = 0;
const key = () => ({ "idempotency-key": `grading-${Date.now()}-${++k}` });

describe.each(testEngines())("teacher grading on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let teacherId: string;
  let exerciseId: string;
  let cls: Awaited<ReturnType<typeof createClassWithStudents>>;
  const base = () => `/api/v1/orgs/${orgId}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await signUp(t.app);
    orgId = a.orgId;
    const tm = await addMember(t, orgId, "teacher", "Tom Teacher");
    teacher = tm.client;
    teacherId = tm.userId;
    // Two essays, so an attempt stays pending until both are graded.
    exerciseId = (
      await createPublishedExercise(t, orgId, {
        items: [
          { id: "sa", type: "short_answer", prompt: "Past of go?", answers: [{ text: "went", fraction: 1 }] },
          {
            id: "e1",
            type: "essay",
            prompt: "Describe your town.",
            points: 5,
            rubric: [
              { criterion: "Grammar", points: 3 },
              { criterion: "Vocabulary", points: 2 },
            ],
          },
          { id: "e2", type: "essay", prompt: "Describe your school.", points: 4 },
        ],
      })
    ).exerciseId;
    cls = await createClassWithStudents(t, orgId, teacher, 2);
  });
  afterAll(async () => t?.close());

  async function submitted(studentIndex = 0) {
    const a = await createAssignment(teacher, orgId, { exerciseId, classId: cls.classId });
    const s = cls.students[studentIndex]!;
    const attempt = (await s.client.post(`${base()}/assignments/${a.id}/attempts`)).json();
    const res = await s.client.post(
      `${base()}/attempts/${attempt.id}/submit`,
      { responses: { sa: { text: "went" }, e1: { text: "My town is small." }, e2: { text: "My school is big." } } },
      key(),
    );
    expect(res.statusCode, res.body).toBe(200);
    return { assignmentId: a.id, attemptId: attempt.id as string, student: s };
  }
  const queue = async (assignmentId: string, q = "") =>
    (await teacher.get(`${base()}/assignments/${assignmentId}/grading${q}`)).json();
  const events = async (type: string, attemptId: string) =>
    (await t.ctx.database.db.selectFrom("events").select("payload").where("type", "=", type).execute())
      .map((e) => JSON.parse(e.payload))
      .filter((p) => p.attemptId === attemptId);

  it("lists the essays waiting, with the student and the text", async () => {
    const { assignmentId, attemptId, student } = await submitted();
    const q = await queue(assignmentId);
    expect(q.items).toHaveLength(2);
    const e1 = q.items.find((e: { itemId: string }) => e.itemId === "e1");
    expect(e1).toMatchObject({
      attemptId,
      student: { id: student.userId, name: student.name, email: student.email },
      prompt: "Describe your town.",
      text: "My town is small.",
      maxScore: 5,
      rubric: [
        { criterion: "Grammar", points: 3 },
        { criterion: "Vocabulary", points: 2 },
      ],
      score: null,
      comment: null,
    });
    expect(e1.submittedAt).toBeTruthy();
  });

  it("grades, recomputes the attempt score (sum of items), audits re-grades and writes events", async () => {
    const { assignmentId, attemptId, student } = await submitted(1);
    const q = await queue(assignmentId);
    const e1 = q.items.find((e: { itemId: string }) => e.itemId === "e1");
    const e2 = q.items.find((e: { itemId: string }) => e.itemId === "e2");

    const g1 = await teacher.put(`${base()}/responses/${e1.responseId}/grade`, {
      score: 4,
      comment: "Good, watch your articles.",
      rubric: [
        { criterion: "Grammar", points: 2 },
        { criterion: "Vocabulary", points: 2 },
      ],
    });
    expect(g1.statusCode, g1.body).toBe(200);
    expect(g1.json()).toMatchObject({
      score: 4,
      status: "partial",
      gradedBy: teacherId,
      attempt: { score: 5, maxScore: 10, pendingReview: true },
    });
    expect(await events("response.graded", attemptId)).toHaveLength(1);
    expect(await events("attempt.graded", attemptId)).toHaveLength(0);

    const g2 = await teacher.put(`${base()}/responses/${e2.responseId}/grade`, { score: 4 });
    expect(g2.json().attempt).toEqual({ score: 9, maxScore: 10, pendingReview: false });
    expect(await events("attempt.graded", attemptId)).toEqual([expect.objectContaining({ score: 9, maxScore: 10 })]);
    expect((await queue(assignmentId)).items).toHaveLength(0);
    expect((await queue(assignmentId, "?status=graded")).items).toHaveLength(2);

    // Re-grade: allowed, audited old → new, and the sum follows.
    const again = await teacher.put(`${base()}/responses/${e1.responseId}/grade`, { score: 2.5 });
    expect(again.json().attempt.score).toBe(7.5);
    const history = await t.ctx.database.db
      .selectFrom("response_grades")
      .selectAll()
      .where("response_id", "=", e1.responseId)
      .orderBy("created_at")
      .execute();
    expect(history.map((h) => [h.old_score, h.new_score, h.graded_by])).toEqual([
      [null, 4, teacherId],
      [4, 2.5, teacherId],
    ]);
    expect(await events("response.graded", attemptId)).toHaveLength(3);

    const rows = await t.ctx.database.db
      .selectFrom("responses")
      .select("score")
      .where("attempt_id", "=", attemptId)
      .execute();
    const attempt = await t.ctx.database.db
      .selectFrom("attempts")
      .selectAll()
      .where("id", "=", attemptId)
      .executeTakeFirstOrThrow();
    expect(attempt.score).toBe(rows.reduce((s, r) => s + Number(r.score), 0));

    // The student now sees the teacher's score and comment.
    const view = (await student.client.get(`${base()}/attempts/${attemptId}`)).json();
    expect(view.score).toBe(7.5);
    expect(view.pendingReview).toBe(false);
    expect(view.results.e1.feedback).toContain("Good, watch your articles.");
  });

  it("refuses a score out of range or a rubric that does not fit, changing nothing", async () => {
    const { assignmentId } = await submitted();
    const e1 = (await queue(assignmentId)).items.find((e: { itemId: string }) => e.itemId === "e1");
    const high = await teacher.put(`${base()}/responses/${e1.responseId}/grade`, { score: 6 });
    expect(high.statusCode).toBe(422);
    expect(high.json().error.code).toBe("score_out_of_range");
    expect((await teacher.put(`${base()}/responses/${e1.responseId}/grade`, { score: -1 })).statusCode).toBe(400);
    const rubric = await teacher.put(`${base()}/responses/${e1.responseId}/grade`, {
      score: 3,
      rubric: [{ criterion: "Grammar", points: 9 }],
    });
    expect(rubric.statusCode).toBe(422);
    expect(rubric.json().error.code).toBe("invalid_rubric");
    const unknown = await teacher.put(`${base()}/responses/${e1.responseId}/grade`, {
      score: 3,
      rubric: [{ criterion: "Style", points: 1 }],
    });
    expect(unknown.statusCode).toBe(422);
    expect((await queue(assignmentId)).items).toHaveLength(2);
    const history = await t.ctx.database.db
      .selectFrom("response_grades")
      .select("id")
      .where("response_id", "=", e1.responseId)
      .execute();
    expect(history).toHaveLength(0);
  });

  it("keeps the sum right when two essays of one attempt are graded at the same time", async () => {
    const { assignmentId, attemptId } = await submitted();
    const items = (await queue(assignmentId)).items as { responseId: string; itemId: string }[];
    await Promise.all(
      items.map((e) => teacher.put(`${base()}/responses/${e.responseId}/grade`, { score: e.itemId === "e1" ? 5 : 4 })),
    );
    const attempt = await t.ctx.database.db
      .selectFrom("attempts")
      .selectAll()
      .where("id", "=", attemptId)
      .executeTakeFirstOrThrow();
    expect(attempt.score).toBe(10);
    expect(attempt.pending_count).toBe(0);
  });

  it("keeps the queue and grading from students and other organizations", async () => {
    const { assignmentId } = await submitted();
    const e1 = (await queue(assignmentId)).items[0];
    const student = cls.students[0]!.client;
    expect((await student.get(`${base()}/assignments/${assignmentId}/grading`)).statusCode).toBe(403);
    expect((await student.put(`${base()}/responses/${e1.responseId}/grade`, { score: 5 })).statusCode).toBe(403);
    const other = await signUp(t.app, { organizationName: "Elsewhere" });
    const theirs = `/api/v1/orgs/${other.orgId}`;
    expect((await other.client.get(`${theirs}/assignments/${assignmentId}/grading`)).statusCode).toBe(404);
    expect((await other.client.put(`${theirs}/responses/${e1.responseId}/grade`, { score: 5 })).statusCode).toBe(404);
    expect((await other.client.put(`${base()}/responses/${e1.responseId}/grade`, { score: 5 })).statusCode).toBe(404);
  });

  it("grades a whole assignment of right answers without a teacher when there is no essay", async () => {
    const auto = await createPublishedExercise(t, orgId, { title: "Auto" });
    const a = await createAssignment(teacher, orgId, { exerciseId: auto.exerciseId, classId: cls.classId });
    const s = cls.students[0]!.client;
    const attempt = (await s.post(`${base()}/assignments/${a.id}/attempts`)).json();
    const { essay: _essay, ...noEssay } = RIGHT_RESPONSES;
    const res = (await s.post(`${base()}/attempts/${attempt.id}/submit`, { responses: noEssay }, key())).json();
    expect(res.pendingReview).toBe(false);
    expect(res.score).toBe(11);
  });
});
