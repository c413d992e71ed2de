/**
 * GET /assignments/{id}/statistics: the figures equal the domain's `analyzeAttempts` over the same data (and a
 * tiny case checked by hand), policies, options and response groups, pending essays, permissions.
 */
import { type AttemptScores, analyzeAttempts, type StatsItem } from "@languagecloud/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRegrade, applySubmission } from "../src/modules/insight/statistics.live.ts";
import { createPublishedExercise, type PublishedExercise } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { at, insertAssignment, insertAttempt, insertClass, insertStudent, setGrade } from "./insight-fixtures.ts";

const ITEMS = [
  {
    id: "mc",
    type: "multiple_choice" as const,
    prompt: "She ___ to school.",
    options: [
      { id: "a", text: "go", fraction: 0 },
      { id: "b", text: "goes", fraction: 1 },
      { id: "c", text: "going", fraction: 0 },
    ],
  },
  { id: "sa", type: "short_answer" as const, prompt: "Past of go?", answers: [{ text: "went", fraction: 1 }] },
];

const mc = (opt: string, score: number) => ({
  score,
  itemType: "multiple_choice",
  response: { selected: [opt] },
  errorCategories: score ? [] : ["wrong_option"],
});
const sa = (text: string, score: number, categories: string[] = []) => ({
  score,
  itemType: "short_answer",
  response: { text },
  normalizedText: text,
  errorCategories: categories,
});

describe.each(testEngines())("statistics on %s", (engine) => {
  let t: TestApp;
  let owner: Client;
  let orgId: string;
  let classId: string;
  let ex: PublishedExercise;
  let assignmentId: string;
  const students: string[] = [];
  const url = (policy = "first") => `/api/v1/orgs/${orgId}/assignments/${assignmentId}/statistics?attempts=${policy}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const s = await signUp(t.app);
    owner = s.client;
    orgId = s.orgId;
    classId = await insertClass(t, orgId);
    ex = await createPublishedExercise(t, orgId, { items: ITEMS });
    assignmentId = await insertAssignment(t, orgId, classId, ex);
    for (const name of ["Ann", "Ben", "Cid"]) students.push(await insertStudent(t, orgId, classId, name));
    const base = { orgId, classId, assignmentId };
    await insertAttempt(t, {
      ...base,
      userId: students[0]!,
      submittedAt: at(1),
      responses: { mc: mc("b", 1), sa: sa("went", 1) },
    });
    await insertAttempt(t, {
      ...base,
      userId: students[1]!,
      submittedAt: at(2),
      responses: { mc: mc("b", 1), sa: sa("goed", 0, ["word_form"]) },
    });
    await insertAttempt(t, {
      ...base,
      userId: students[2]!,
      submittedAt: at(3),
      responses: { mc: mc("a", 0), sa: sa("goed", 0, ["word_form"]) },
    });
  });
  afterAll(async () => t?.close());

  it("computes the hand-checked figures of 3 students × 2 items (no figures yet: computed on the spot)", async () => {
    const res = await owner.get(url());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.attempts).toBe(3);
    expect(body.fresh).toBe(true);
    expect(typeof body.computedAt).toBe("string");
    // Totals 2, 1, 0: mean 1, median 1, sd 1; var(x_i) = 1/3 each → α = 2·(1 − (2/3)/1) = 2/3.
    expect(body.test.n).toBe(3);
    expect(body.test.mean).toBeCloseTo(1, 12);
    expect(body.test.median).toBe(1);
    expect(body.test.sd).toBeCloseTo(1, 12);
    expect(body.test.cic).toBeCloseTo(2 / 3, 12);
    const [m, s] = body.items;
    expect(m.item).toBe("mc");
    expect(m.facility).toBeCloseTo(2 / 3, 12);
    expect(s.facility).toBeCloseTo(1 / 3, 12);
    expect(m.sd).toBeCloseTo(Math.sqrt(1 / 3), 12);
    // x = (1,1,0), R = (1,0,0): cov = 1/6, var = 1/3 each → r = 0.5.
    expect(m.discriminationIndex).toBeCloseTo(0.5, 12);
    expect(s.discriminationIndex).toBeCloseTo(0.5, 12);
    expect(m.randomGuessScore).toBeCloseTo(1 / 3, 12);
  });

  it("equals analyzeAttempts over the same data, for every policy, after more attempts", async () => {
    await insertAttempt(t, {
      orgId,
      classId,
      assignmentId,
      userId: students[2]!,
      submittedAt: at(10),
      responses: { mc: mc("b", 1), sa: sa("went", 1) },
    });
    await insertAttempt(t, {
      orgId,
      classId,
      assignmentId,
      userId: students[0]!,
      submittedAt: at(11),
      responses: { mc: mc("c", 0), sa: sa("went", 1) },
    });
    // The snapshot exists, so the new attempts reach the figures through the live sums.
    const rows = await t.ctx.database.db
      .selectFrom("attempts")
      .select(["id"])
      .where("assignment_id", "=", assignmentId)
      .execute();
    for (const r of rows) await applySubmission(t.ctx, orgId, r.id);
    const data: AttemptScores[] = [
      { id: "1", student: "A", submittedAt: at(1), scores: { mc: 1, sa: 1 } },
      { id: "2", student: "B", submittedAt: at(2), scores: { mc: 1, sa: 0 } },
      { id: "3", student: "C", submittedAt: at(3), scores: { mc: 0, sa: 0 } },
      { id: "4", student: "C", submittedAt: at(10), scores: { mc: 1, sa: 1 } },
      { id: "5", student: "A", submittedAt: at(11), scores: { mc: 0, sa: 1 } },
    ];
    const items: StatsItem[] = ex.items.map((it) => ({ id: it.id!, maxScore: 1, meta: it }));
    for (const policy of ["first", "last", "best", "all"] as const) {
      const body = (await owner.get(url(policy))).json();
      const expected = analyzeAttempts(data, items, { attempts: policy });
      expect(body.attempts, policy).toBe(expected.test.n);
      for (const k of ["n", "mean", "sd", "skewness", "kurtosis", "cic", "errorRatio", "standardError"] as const) {
        if (expected.test[k] === null) expect(body.test[k], `${policy} ${k}`).toBeNull();
        else expect(body.test[k], `${policy} ${k}`).toBeCloseTo(expected.test[k] as number, 9);
      }
      expected.items.forEach((e, i) => {
        const got = body.items[i];
        expect(got.item).toBe(e.item);
        expect(got.flags).toEqual(e.flags);
        for (const k of ["n", "facility", "sd", "intendedWeight", "effectiveWeight", "discriminationIndex"] as const) {
          if (e[k] === null) expect(got[k], `${policy} ${e.item} ${k}`).toBeNull();
          else expect(got[k], `${policy} ${e.item} ${k}`).toBeCloseTo(e[k] as number, 9);
        }
      });
    }
    // Policies really differ: first keeps Ann's 2, last her 1; all counts five attempts.
    expect((await owner.get(url("first"))).json().test.mean).toBeCloseTo(1, 9);
    expect((await owner.get(url("last"))).json().test.mean).toBeCloseTo(4 / 3, 9);
    expect((await owner.get(url("all"))).json().attempts).toBe(5);
  });

  it("serves median and discriminative efficiency from the full recompute, with options and response groups", async () => {
    const { recomputeAssignment } = await import("../src/modules/insight/statistics.recompute.ts");
    await recomputeAssignment(t.ctx, orgId, assignmentId);
    const body = (await owner.get(url("all"))).json();
    expect(body.fresh).toBe(true);
    expect(body.test.median).toBe(1);
    const [m, s] = body.items;
    expect(m.options.n).toBe(5);
    const b = m.options.options.find((o: { option: string }) => o.option === "b");
    expect(b.count).toBe(3);
    expect(b.share).toBeCloseTo(3 / 5, 12);
    expect(m.options.options.map((o: { option: string }) => o.option)).toEqual(["a", "b", "c"]);
    expect(s.responseGroups[0]).toMatchObject({ response: "went", count: 3, verdict: "correct" });
    expect(s.responseGroups[1]).toMatchObject({
      response: "goed",
      count: 2,
      verdict: "incorrect",
      categories: ["word_form"],
    });
    expect(m.discriminativeEfficiency).not.toBeUndefined();
    expect(s.options).toBeUndefined();
  });

  it("leaves an attempt whose essay waits for its grade out of every figure until graded (api.md)", async () => {
    const ex2 = await createPublishedExercise(t, orgId, {
      items: [ITEMS[1]!, { id: "essay", type: "essay", prompt: "Write.", points: 5 }],
    });
    const a2 = await insertAssignment(t, orgId, classId, ex2);
    const base = { orgId, classId, assignmentId: a2 };
    const essay = (score: number, status?: "pending") => ({ score, maxScore: 5, itemType: "essay", status });
    await insertAttempt(t, {
      ...base,
      userId: students[0]!,
      submittedAt: at(1),
      responses: { sa: sa("went", 1), essay: essay(4) },
    });
    const pending = await insertAttempt(t, {
      ...base,
      userId: students[1]!,
      submittedAt: at(2),
      responses: { sa: sa("went", 1), essay: essay(0, "pending") },
    });
    await applySubmission(t.ctx, orgId, pending.attemptId);
    const u = `/api/v1/orgs/${orgId}/assignments/${a2}/statistics`;
    let body = (await owner.get(u)).json();
    // Its short answer is not counted either: the attempt's total would have counted the essay as 0.
    expect(body.items.map((i: { n: number }) => i.n)).toEqual([1, 1]);
    expect(body.test.n).toBe(1);
    expect(body.test.mean).toBeCloseTo(1 + 4, 12);
    expect(body.pendingAttempts).toBe(1);
    expect(body.items[1].facility).toBeCloseTo(4 / 5, 12);
    await setGrade(t, pending.responseIds.essay!, 1);
    await applyRegrade(t.ctx, orgId, pending.responseIds.essay!, null);
    body = (await owner.get(u)).json();
    expect(body.items.map((i: { n: number }) => i.n)).toEqual([2, 2]);
    expect(body.items[1].facility).toBeCloseTo(5 / 10, 12);
    expect(body.test.mean).toBeCloseTo((5 + 2) / 2, 12);
  });

  it("answers 403 to a student and 404 to another organization or an unknown assignment", async () => {
    const student = (await addMember(t, orgId, "student")).client;
    const teacher = (await addMember(t, orgId, "teacher")).client;
    const stranger = (await signUp(t.app, { organizationName: "Other" })).client;
    expect((await student.get(url())).statusCode).toBe(403);
    expect((await teacher.get(url())).statusCode).toBe(200);
    expect((await stranger.get(url())).statusCode).toBe(404);
    const other = await signUp(t.app, { organizationName: "Third" });
    const res = await other.client.get(`/api/v1/orgs/${other.orgId}/assignments/${assignmentId}/statistics`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect((await owner.get(`${url()}`.replace("attempts=first", "attempts=worst"))).statusCode).toBe(400);
  });
});
