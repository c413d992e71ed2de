/**
 * What a student sees after submitting (`review: {when, show}`): nothing leaks before the policy allows it — not
 * the right answers, not the feedback, not the score — and the older `feedback` field keeps its meaning. The
 * pending rule: an attempt whose writing waits for the teacher is "submitted, awaiting grading" everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { answer, KEY_V1, responsesFor, setUp, waitFor } from "./review-fixtures.ts";

const RIGHT = "goed"; // q1's key in KEY_V1; the student below answers "went", so only a leak can show "goed".
const FEEDBACK = "Irregular verbs are the hard ones.";

describe.each(testEngines())("review policy and the pending rule on %s", (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof signUp>>;
  let teacher: Client;

  beforeAll(async () => {
    t = await createTestApp(engine, {}, { jobs: true });
    org = await signUp(t.app, { organizationName: "Policy School" });
    teacher = org.client;
  });
  afterAll(async () => t?.close());
  const api = (path: string) => `/api/v1/orgs/${org.orgId}${path}`;

  it("verdicts: the score and each item's verdict, but no right answer and no feedback", async () => {
    const s = await setUp(t, org.orgId, teacher, 1, { review: { when: "immediate", show: "verdicts" } });
    const sub = await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    const view = await s.students[0]!.client.get(api(`/attempts/${sub.id}`));
    expect(view.json()).toMatchObject({ score: 3, reviewPolicy: { when: "immediate", show: "verdicts", open: true } });
    expect(view.json().results.q1).toMatchObject({ status: "incorrect", score: 0, feedback: [] });
    expect(view.body).not.toContain(RIGHT);
    expect(view.body).not.toContain(FEEDBACK);
    expect(view.body).not.toContain('"expected"');
    // The teacher sees all of it.
    const staff = await teacher.get(api(`/attempts/${sub.id}`));
    expect(staff.body).toContain(RIGHT);
  });

  it("score only: the score and nothing per item", async () => {
    const s = await setUp(t, org.orgId, teacher, 1, { review: { when: "immediate", show: "score" } });
    const sub = await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    expect(sub.score).toBe(3);
    const view = (await s.students[0]!.client.get(api(`/attempts/${sub.id}`))).json();
    expect(view.results).toBeNull();
  });

  it("answers after the due date: nothing before it, the right answers and all feedback after", async () => {
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const s = await setUp(t, org.orgId, teacher, 1, { review: { when: "after_due", show: "answers" }, dueAt: due });
    const sub = await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    expect(sub.score).toBeNull();
    const before = await s.students[0]!.client.get(api(`/attempts/${sub.id}`));
    expect(before.json()).toMatchObject({ score: null, results: null, reviewPolicy: { open: false } });
    expect(before.body).not.toContain(RIGHT);
    expect(before.body).not.toContain(FEEDBACK);
    const mine = (await s.students[0]!.client.get(api("/me/assignments"))).json().items;
    expect(mine.find((a: { id: string }) => a.id === s.assignmentId).score).toBeNull();

    // The due date passes (moved by the teacher to a minute ago).
    const patch = await teacher.patch(api(`/assignments/${s.assignmentId}`), {
      dueAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(patch.statusCode).toBe(200);
    const after = await s.students[0]!.client.get(api(`/attempts/${sub.id}`));
    expect(after.json().score).toBe(3);
    expect(after.json().results.q1.parts[0].expected).toBe(RIGHT);
    expect(after.body).toContain(FEEDBACK);
  });

  it("never: only that the work is submitted; the older feedback field maps to a policy", async () => {
    const s = await setUp(t, org.orgId, teacher, 1, { review: undefined, feedback: "never" });
    const a = (await teacher.get(api(`/assignments/${s.assignmentId}`))).json();
    expect(a.review).toEqual({ when: "never", show: "score" });
    const sub = await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    const view = await s.students[0]!.client.get(api(`/attempts/${sub.id}`));
    expect(view.json()).toMatchObject({ score: null, results: null, status: "submitted" });
    expect(view.body).not.toContain(RIGHT);
    const bad = await teacher.patch(api(`/assignments/${s.assignmentId}`), { review: { when: "soon", show: "all" } });
    expect(bad.statusCode).toBe(400);
    expect((await teacher.get(api(`/assignments/${s.assignmentId}`))).json().review).toEqual({
      when: "never",
      show: "score",
    });
  });

  it("progress by skill counts each item's points for its own skills", async () => {
    const items = KEY_V1.map((it) => (it.id === "q2" ? { ...it, skills: ["vocabulary"] } : it));
    const exerciseId = (await teacher.post(api("/exercises"), { title: "Mixed", skills: ["grammar"], items })).json()
      .id as string;
    expect((await teacher.post(api(`/exercises/${exerciseId}/publish`))).statusCode).toBe(201);
    const s = await setUp(t, org.orgId, teacher, 1);
    const other = await teacher.post(api("/assignments"), {
      exerciseId,
      classId: s.classId,
      review: { when: "immediate", show: "verdicts" },
    });
    // q1 wrong ("went" against the key "goed"), q2 (vocabulary) right, q3 and q4 right.
    await answer(s.students[0]!.client, org.orgId, other.json().id, responsesFor("went"));
    const p = (await teacher.get(api(`/students/${s.students[0]!.userId}/progress`))).json();
    const series = (key: string) =>
      (p.skills as { key: string; points: { score: number; maxScore: number }[] }[]).find((x) => x.key === key);
    expect(series("vocabulary")?.points[0]).toMatchObject({ score: 1, maxScore: 1 });
    expect(series("grammar")?.points[0]).toMatchObject({ score: 2, maxScore: 3 });
  });

  it("pending writing: no score for the student, left out of statistics, dashboard and gradebook until graded", async () => {
    const items = [
      ...KEY_V1,
      {
        id: "w1",
        type: "essay",
        prompt: "Write about your weekend.",
        points: 4,
        rubric: [{ criterion: "Grammar", points: 4 }],
      },
    ];
    const s = await setUp(t, org.orgId, teacher, 2, { review: { when: "immediate", show: "verdicts" } }, items);
    const essay = { w1: { text: "I goed to the park and played football with my friends." } };
    const a = await answer(s.students[0]!.client, org.orgId, s.assignmentId, { ...responsesFor("goed"), ...essay });
    const b = await answer(s.students[1]!.client, org.orgId, s.assignmentId, { ...responsesFor("went"), ...essay });
    // A perfect student with ungraded writing never sees "4 / 8".
    expect(a.score).toBeNull();
    const view = (await s.students[0]!.client.get(api(`/attempts/${a.id}`))).json();
    expect(view).toMatchObject({ score: null, pendingReview: true });

    const essayStats = async () =>
      (
        (await teacher.get(api(`/assignments/${s.assignmentId}/statistics`))).json().items as {
          item: string;
          n: number;
        }[]
      ).find((i) => i.item === "w1");
    // The ungraded writing counts in no item figure (never as a 0).
    expect((await essayStats())?.n).toBe(0);
    const dash = (await teacher.get(api(`/classes/${s.classId}/dashboard`))).json();
    expect(dash.assignments[0]).toMatchObject({ submitted: 2, completion: 1, averageScore: null });
    const csv = (await teacher.get(api(`/classes/${s.classId}/gradebook.csv`))).body;
    expect(csv.match(/pending/g)).toHaveLength(2);

    // A's writing is graded: A counts everywhere, B still waits.
    const queue = (await teacher.get(api(`/assignments/${s.assignmentId}/grading`))).json().items;
    const rA = queue.find((q: { attemptId: string }) => q.attemptId === a.id);
    expect((await teacher.put(api(`/responses/${rA.responseId}/grade`), { score: 3 })).statusCode).toBe(200);
    await waitFor(essayStats, (e) => e?.n === 1);
    const dash2 = await waitFor(
      async () => (await teacher.get(api(`/classes/${s.classId}/dashboard`))).json(),
      (d) => d.assignments[0].averageScore !== null,
    );
    expect(dash2.assignments[0].averageScore).toBeCloseTo(7 / 8);
    const csv2 = (await teacher.get(api(`/classes/${s.classId}/gradebook.csv`))).body;
    expect(csv2.match(/pending/g)).toHaveLength(1);
    expect((await s.students[0]!.client.get(api(`/attempts/${a.id}`))).json().score).toBe(7);
    expect(b.score).toBeNull();
  });
});
