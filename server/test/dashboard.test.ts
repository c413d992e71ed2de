/**
 * GET /classes/{id}/dashboard: completion, averages, late and missing work, students at risk with their reason,
 * items to review; cached after the first read and invalidated by a submission (through the events).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Background, startJobs } from "../src/background.ts";
import { dashboardCacheKey } from "../src/modules/insight/dashboard.service.ts";
import { recomputeAssignment } from "../src/modules/insight/statistics.recompute.ts";
import {
  createAssignment,
  createClassWithStudents,
  createPublishedExercise,
  type PublishedExercise,
  RIGHT_RESPONSES,
} from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { at, insertAssignment, insertAttempt, insertClass, insertStudent } from "./insight-fixtures.ts";

const ITEMS = [
  { id: "easy", type: "short_answer" as const, prompt: "E", answers: [{ text: "x", fraction: 1 }] },
  { id: "q2", type: "short_answer" as const, prompt: "Q", answers: [{ text: "y", fraction: 1 }] },
];
const past = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe.each(testEngines())("class dashboard on %s", (engine) => {
  let t: TestApp;
  let bg: Background;
  let owner: Client;
  let orgId: string;
  let classId: string;
  let ex: PublishedExercise;
  const ids: Record<string, string> = {};
  const url = (c: string) => `/api/v1/orgs/${orgId}/classes/${c}/dashboard`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const s = await signUp(t.app);
    owner = s.client;
    orgId = s.orgId;
    classId = await insertClass(t, orgId);
    ex = await createPublishedExercise(t, orgId, { items: ITEMS });
    for (const name of ["Ann", "Ben", "Cat"]) ids[name] = await insertStudent(t, orgId, classId, name);
    // Three assignments already due; Ann does all (scores falling), Ben only the first (late), Cat the first two.
    const due = [past(3), past(2), past(1)];
    const asg: string[] = [];
    for (let k = 0; k < 3; k++)
      asg.push(await insertAssignment(t, orgId, classId, ex, { title: `A${k + 1}`, dueAt: due[k]! }));
    ids.a1 = asg[0]!;
    const base = { orgId, classId };
    const both = (x: number, y: number) => ({ easy: { score: x }, q2: { score: y } });
    await insertAttempt(t, {
      ...base,
      assignmentId: asg[0]!,
      userId: ids.Ann!,
      submittedAt: at(1),
      responses: both(1, 1),
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: asg[1]!,
      userId: ids.Ann!,
      submittedAt: at(2),
      responses: both(1, 0),
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: asg[2]!,
      userId: ids.Ann!,
      submittedAt: at(3),
      responses: both(0, 0),
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: asg[0]!,
      userId: ids.Ben!,
      submittedAt: at(4),
      late: true,
      responses: both(1, 0),
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: asg[0]!,
      userId: ids.Cat!,
      submittedAt: at(5),
      responses: both(1, 1),
    });
    await insertAttempt(t, {
      ...base,
      assignmentId: asg[1]!,
      userId: ids.Cat!,
      submittedAt: at(6),
      responses: both(1, 1),
    });
    await recomputeAssignment(t.ctx, orgId, asg[0]!);
    bg = await startJobs(t.ctx, { consume: true, shutdownMs: 2_000 });
  });
  afterAll(async () => {
    await bg?.stop();
    await t?.close();
  });

  it("shows completion, averages, late and missing work, students at risk and items to review", async () => {
    const res = await owner.get(url(classId));
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.students).toBe(3);
    d.assignments.sort((x: { title: string }, y: { title: string }) => (x.title < y.title ? -1 : 1));
    expect(d.assignments.map((a: { title: string; submitted: number }) => [a.title, a.submitted])).toEqual([
      ["A1", 3],
      ["A2", 2],
      ["A3", 1],
    ]);
    expect(d.assignments[0].completion).toBeCloseTo(1, 12);
    expect(d.assignments[0].averageScore).toBeCloseTo((1 + 0.5 + 1) / 3, 12);
    expect(d.assignments[2].completion).toBeCloseTo(1 / 3, 12);
    expect(d.late).toEqual([expect.objectContaining({ userId: ids.Ben, name: "Ben", assignmentId: ids.a1 })]);
    expect(d.missing).toHaveLength(3);
    const risk = Object.fromEntries(d.atRisk.map((r: { name: string; rules: string[] }) => [r.name, r]));
    expect(Object.keys(risk).sort()).toEqual(["Ann", "Ben"]);
    expect(risk.Ann.rules).toEqual(["falling_scores"]);
    expect(risk.Ann.reason).toContain("100% → 50% → 0%");
    expect(risk.Ben.rules).toEqual(["missed_work"]);
    expect(risk.Ben.reason).toContain("2 assignments past their due date");
    expect(d.atRiskRule).toContain("last 3 attempts");
    // Every student got "easy" right in A1: flagged too easy.
    expect(d.itemsToReview).toContainEqual(
      expect.objectContaining({ assignmentId: ids.a1, item: "easy", flags: ["too_easy"] }),
    );
  });

  it("counts an attempt waiting for an essay grade as submitted, not in the average, until it is graded", async () => {
    const cls = await insertClass(t, orgId, "Essay class");
    const asg = await insertAssignment(t, orgId, cls, ex, { title: "Essay" });
    const [dan, eve] = [await insertStudent(t, orgId, cls, "Dan"), await insertStudent(t, orgId, cls, "Eve")];
    const base = { orgId, classId: cls, assignmentId: asg };
    await insertAttempt(t, {
      ...base,
      userId: dan,
      submittedAt: at(1),
      responses: { easy: { score: 1 }, q2: { score: 1 } },
    });
    await insertAttempt(t, {
      ...base,
      userId: eve,
      submittedAt: at(2),
      responses: { easy: { score: 1 }, q2: { score: 0, status: "pending" } },
    });
    const d = (await owner.get(url(cls))).json();
    expect(d.assignments[0].submitted).toBe(2);
    expect(d.assignments[0].averageScore).toBeCloseTo(1, 12);
  });

  it("is cached after the first read and invalidated when a student submits", async () => {
    const teacher = (await addMember(t, orgId, "teacher")).client;
    const cls = await createClassWithStudents(t, orgId, teacher, 1);
    const full = await createPublishedExercise(t, orgId);
    const a = await createAssignment(teacher, orgId, { exerciseId: full.exerciseId, classId: cls.classId });
    // assignment.created may still be on its way: wait until its invalidation has run before reading.
    await new Promise((r) => setTimeout(r, 300));
    const first = (await teacher.get(url(cls.classId))).json();
    expect(first.assignments[0].submitted).toBe(0);
    expect(await t.ctx.cache.get(dashboardCacheKey(orgId, cls.classId))).toBeDefined();
    // How fast a hit is, is measured by bench/ (dashboard_cached), not asserted here.
    const second = await teacher.get(url(cls.classId));
    expect(second.json().cache).toBe("hit");
    expect(second.json().computedAt).toBe(first.computedAt);

    const student = cls.students[0]!.client;
    const attempt = (await student.post(`/api/v1/orgs/${orgId}/assignments/${a.id}/attempts`)).json();
    const sub = await student.post(
      `/api/v1/orgs/${orgId}/attempts/${attempt.id}/submit`,
      { responses: RIGHT_RESPONSES },
      { "idempotency-key": `dash-${Date.now()}` },
    );
    expect(sub.statusCode, sub.body).toBe(200);
    const t1 = Date.now();
    while ((await t.ctx.cache.get(dashboardCacheKey(orgId, cls.classId))) && Date.now() - t1 < 3_000) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const after = (await teacher.get(url(cls.classId))).json();
    expect(after.cache).toBe("miss");
    expect(after.assignments[0].submitted).toBe(1);
  });

  it("is invalidated when an assignment's dates change, it is deleted, or the class is renamed", async () => {
    const teacher = (await addMember(t, orgId, "teacher")).client;
    const cls = await createClassWithStudents(t, orgId, teacher, 1);
    const full = await createPublishedExercise(t, orgId);
    const a = await createAssignment(teacher, orgId, { exerciseId: full.exerciseId, classId: cls.classId });
    await new Promise((r) => setTimeout(r, 300));
    const cached = async () => {
      await teacher.get(url(cls.classId));
      expect((await teacher.get(url(cls.classId))).json().cache).toBe("hit");
    };
    const goneSoon = async () => {
      const t1 = Date.now();
      while ((await t.ctx.cache.get(dashboardCacheKey(orgId, cls.classId))) && Date.now() - t1 < 3_000) {
        await new Promise((r) => setTimeout(r, 25));
      }
      return (await teacher.get(url(cls.classId))).json();
    };
    await cached();
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await teacher.patch(`/api/v1/orgs/${orgId}/assignments/${a.id}`, { dueAt: due })).statusCode).toBe(200);
    const afterDates = await goneSoon();
    expect(afterDates.cache).toBe("miss");
    expect(afterDates.assignments[0].dueAt).toBe(due);

    await cached();
    expect(
      (await teacher.patch(`/api/v1/orgs/${orgId}/classes/${cls.classId}`, { name: "3B renamed" })).statusCode,
    ).toBe(200);
    expect((await goneSoon()).cache).toBe("miss");

    await cached();
    expect((await teacher.delete(`/api/v1/orgs/${orgId}/assignments/${a.id}`)).statusCode).toBe(204);
    const afterDelete = await goneSoon();
    expect(afterDelete.cache).toBe("miss");
    expect(afterDelete.assignments).toHaveLength(0);
  });

  it("answers 403 to a student and 404 to another organization or an unknown class", async () => {
    const student = (await addMember(t, orgId, "student")).client;
    expect((await student.get(url(classId))).statusCode).toBe(403);
    const other = await signUp(t.app, { organizationName: "Other" });
    expect((await other.client.get(url(classId))).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/classes/${classId}/dashboard`)).statusCode).toBe(404);
    expect((await owner.get(url("01900000-0000-7000-8000-000000000000"))).statusCode).toBe(404);
  });
});
