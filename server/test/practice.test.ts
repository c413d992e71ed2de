/**
 * Spaced practice over HTTP on every engine (methodology.md §4): a submitted attempt's mistakes become cards once
 * per (student, item version); the student practises them with the same grader; ratings and due dates follow
 * ts-fsrs; answers are idempotent by key; nobody sees or answers another's cards; practice never changes the
 * attempt's score; teachers see due / done / retained per skill.
 */
import { createEmptyCard, fsrs, Rating } from "ts-fsrs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, createClassWithStudents, createPublishedExercise } from "./factories.ts";
import { type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

const ITEMS = [
  { id: "sa", type: "short_answer" as const, prompt: "Past of go?", answers: [{ text: "went", fraction: 1 }] },
  {
    id: "mc",
    type: "multiple_choice" as const,
    prompt: "He ___ to school.",
    skills: ["grammar" as const],
    options: [
      { id: "a", text: "go", fraction: 0 },
      { id: "b", text: "goes", fraction: 1 },
    ],
  },
  { id: "tf", type: "true_false" as const, prompt: "London is in France.", answer: false },
];

const until = async <T>(f: () => Promise<T | undefined>, what: string): Promise<T> => {
  for (let k = 0; k < 150; k++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(testEngines())("spaced practice on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let classId: string;
  let students: { client: Client; userId: string }[];
  let attemptId: string;
  const base = () => `/api/v1/orgs/${orgId}`;

  beforeAll(async () => {
    t = await createTestApp(engine, {}, { jobs: true });
    const s = await signUp(t.app);
    teacher = s.client;
    orgId = s.orgId;
    const ex = await createPublishedExercise(t, orgId, { items: ITEMS, title: "Past and present" });
    const cls = await createClassWithStudents(t, orgId, teacher, 2);
    classId = cls.classId;
    students = cls.students;
    const a = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId, maxAttempts: 3 });
    // Student A: sa wrong, mc wrong, tf right → two cards. A second attempt with the same mistakes adds none.
    for (let k = 0; k < 2; k++) {
      const att = (await students[0]!.client.post(`${base()}/assignments/${a.id}/attempts`)).json();
      if (k === 0) attemptId = att.id;
      const res = await students[0]!.client.post(
        `${base()}/attempts/${att.id}/submit`,
        { responses: { sa: { text: "goed" }, mc: { selected: ["a"] }, tf: { value: false } } },
        { "idempotency-key": `submit-${k}` },
      );
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => t?.close());

  it("makes one card per wrong item of the version the student saw, and none for a right answer", async () => {
    const me = students[0]!.client;
    const body = await until(async () => {
      const r = (await me.get(`${base()}/me/practice`)).json();
      return r.items.length >= 2 ? r : undefined;
    }, "practice cards");
    await new Promise((r) => setTimeout(r, 500)); // the second attempt's events have been handled too
    const again = (await me.get(`${base()}/me/practice`)).json();
    expect(again.items.map((c: { item: { id: string } }) => c.item.id).sort()).toEqual(["mc", "sa"]);
    expect(again.due).toBe(2);
    const mc = body.items.find((c: { item: { id: string } }) => c.item.id === "mc");
    expect(mc.skill).toBe("grammar");
    expect(mc.exerciseTitle).toBe("Past and present");
    // The student view: options without their fractions, no accepted answers.
    expect(JSON.stringify(body.items)).not.toMatch(/fraction|went/);
  });

  it("grades, rates and schedules as ts-fsrs does; the same key answers again without grading twice", async () => {
    const me = students[0]!.client;
    const cards = (await me.get(`${base()}/me/practice`)).json().items as { id: string; item: { id: string } }[];
    const sa = cards.find((c) => c.item.id === "sa")!;
    const before = Date.now();
    const wrong = await me.post(
      `${base()}/me/practice/${sa.id}/answer`,
      { response: { text: "goed" } },
      { "idempotency-key": "p1" },
    );
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect(wrong.json()).toMatchObject({ cardId: sa.id, rating: "again", result: { status: "incorrect" } });
    // ts-fsrs on a new card rated Again: due one minute later (its first learning step).
    const expected = fsrs().next(createEmptyCard(new Date(before)), new Date(before), Rating.Again).card.due;
    expect(Math.abs(Date.parse(wrong.json().dueAt) - expected.getTime())).toBeLessThan(5_000);
    const replay = await me.post(
      `${base()}/me/practice/${sa.id}/answer`,
      { response: { text: "went" } },
      { "idempotency-key": "p1" },
    );
    expect(replay.json()).toEqual(wrong.json());
    const right = await me.post(
      `${base()}/me/practice/${sa.id}/answer`,
      { response: { text: "went" } },
      { "idempotency-key": "p2" },
    );
    expect(right.json()).toMatchObject({ rating: "good", result: { status: "correct", score: 1 } });
    expect(Date.parse(right.json().dueAt)).toBeGreaterThan(Date.parse(wrong.json().dueAt));
    const reused = await me.post(
      `${base()}/me/practice/${cards.find((c) => c.item.id === "mc")!.id}/answer`,
      { response: { selected: ["b"] } },
      { "idempotency-key": "p1" },
    );
    expect(reused.statusCode).toBe(409);
    expect((await me.post(`${base()}/me/practice/${sa.id}/answer`, { response: { text: "x" } })).statusCode).toBe(400);
    const malformed = await me.post(
      `${base()}/me/practice/${sa.id}/answer`,
      { response: { selected: ["zz"] } },
      { "idempotency-key": "p3" },
    );
    expect(malformed.statusCode).toBe(422);
  });

  it("keeps cards private: another student neither sees nor answers them (404)", async () => {
    const cards = (await students[0]!.client.get(`${base()}/me/practice`)).json().items as { id: string }[];
    const other = students[1]!.client;
    expect((await other.get(`${base()}/me/practice`)).json().items).toEqual([]);
    const res = await other.post(
      `${base()}/me/practice/${cards[0]!.id}/answer`,
      { response: { selected: ["b"] } },
      { "idempotency-key": "steal" },
    );
    expect(res.statusCode).toBe(404);
  });

  it("never changes the attempt's score, and counts due / done / retained per skill for the teacher", async () => {
    const attempt = (await teacher.get(`${base()}/attempts/${attemptId}`)).json();
    expect(attempt.score).toBe(1);
    const counts = (await teacher.get(`${base()}/classes/${classId}/practice`)).json();
    // sa (no skill): practised, right on the latest review; mc (grammar): still due, not practised.
    expect(counts.skills).toEqual(
      expect.arrayContaining([
        { skill: null, cards: 1, due: 0, done: 1, retained: 1 },
        { skill: "grammar", cards: 1, due: 1, done: 0, retained: 0 },
      ]),
    );
    expect((await students[0]!.client.get(`${base()}/classes/${classId}/practice`)).statusCode).toBe(403);
  });
});
