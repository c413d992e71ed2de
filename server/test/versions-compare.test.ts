/**
 * GET /exercises/{id}/versions/compare: versions published through the API, assignments of several classes pooled
 * per version, the attempt policy, changed/added/removed items, error categories, and Welch's difference (the
 * domain's welchTTest, itself checked against R in domain/src/statistics/inference/inference.r.test.ts).
 */
import { welchTTest } from "@languagecloud/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishedExercise } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { at, insertAssignment, insertAttempt, insertClass, insertStudent } from "./insight-fixtures.ts";

const V1 = [
  { id: "q1", type: "short_answer", prompt: "I ___ (go) home.", answers: [{ text: "went", fraction: 1 }] },
  { id: "q2", type: "true_false", prompt: "'Goed' is a word.", answer: false, points: 2 },
];
const V2 = [
  { id: "q1", type: "short_answer", prompt: "Yesterday I ___ (go) home.", answers: [{ text: "went", fraction: 1 }] },
  { id: "q3", type: "true_false", prompt: "'Went' is past simple.", answer: true },
];

describe.each(testEngines())("version comparison on %s", (engine) => {
  let t: TestApp;
  let owner: Client;
  let orgId: string;
  let exerciseId: string;
  const q1 = { v1: [] as number[], v2: [] as number[] };
  const url = (q: string) => `/api/v1/orgs/${orgId}/exercises/${exerciseId}/versions/compare?${q}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const s = await signUp(t.app);
    owner = s.client;
    orgId = s.orgId;
    const created = await owner.post(`/api/v1/orgs/${orgId}/exercises`, { title: "Past simple", items: V1 });
    expect(created.statusCode).toBe(201);
    exerciseId = created.json().id;
    expect((await owner.post(`/api/v1/orgs/${orgId}/exercises/${exerciseId}/publish`)).statusCode).toBe(201);
    expect((await owner.patch(`/api/v1/orgs/${orgId}/exercises/${exerciseId}`, { items: V2 })).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/orgs/${orgId}/exercises/${exerciseId}/publish`)).statusCode).toBe(201);
    const versions = await t.ctx.database.db
      .selectFrom("exercise_versions")
      .select(["id", "version"])
      .where("exercise_id", "=", exerciseId)
      .execute();
    const pinned = (v: number): PublishedExercise => ({
      exerciseId,
      versionId: versions.find((r) => Number(r.version) === v)!.id,
      version: v,
      items: [],
      maxScore: v === 1 ? 3 : 2,
    });
    // Version 1 in one class; version 2 in two classes (pooled). q1 gets easier: 3 of 12 → 10 of 12 (5 + 5 of 6 + 6).
    const c1 = await insertClass(t, orgId, "Monday");
    const a1 = await insertAssignment(t, orgId, c1, pinned(1));
    for (let i = 0; i < 12; i++) {
      const userId = await insertStudent(t, orgId, c1, `Mon ${i}`);
      const right = i < 3 ? 1 : 0;
      q1.v1.push(right);
      await insertAttempt(t, {
        orgId,
        classId: c1,
        assignmentId: a1,
        userId,
        submittedAt: at(i),
        responses: {
          q1: { score: right, errorCategories: right ? [] : ["verb_form"] },
          q2: { score: 2, maxScore: 2, itemType: "true_false" },
        },
      });
      // A second attempt that `first` must not count (all right).
      if (i === 0 || i === 5)
        await insertAttempt(t, {
          orgId,
          classId: c1,
          assignmentId: a1,
          userId,
          submittedAt: at(100 + i),
          responses: { q1: { score: 1 }, q2: { score: 2, maxScore: 2 } },
        });
    }
    for (const name of ["Tue", "Wed"]) {
      const c = await insertClass(t, orgId, name);
      const a = await insertAssignment(t, orgId, c, pinned(2));
      for (let i = 0; i < 6; i++) {
        const userId = await insertStudent(t, orgId, c, `${name} ${i}`);
        const right = i < 5 ? 1 : 0;
        q1.v2.push(right);
        await insertAttempt(t, {
          orgId,
          classId: c,
          assignmentId: a,
          userId,
          submittedAt: at(200 + i),
          responses: {
            q1: { score: right, errorCategories: right ? [] : ["spelling"] },
            q3: { score: i % 2, itemType: "true_false" },
          },
        });
      }
    }
  });
  afterAll(async () => t?.close());

  it("pools the assignments of each version and compares q1 with Welch's t (B − A)", async () => {
    const res = await owner.get(url("from=1&to=2"));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.from).toEqual({ version: 1, assignments: 1, attempts: 12 });
    expect(body.to).toEqual({ version: 2, assignments: 2, attempts: 12 });
    const byId = Object.fromEntries(body.items.map((i: { item: string }) => [i.item, i]));
    expect(byId.q1.changed).toBe(true);
    expect(byId.q1.status).toBe("same");
    expect(byId.q1.from.n).toBe(12);
    expect(byId.q1.from.facility).toBeCloseTo(3 / 12, 12);
    expect(byId.q1.to.facility).toBeCloseTo(10 / 12, 12);
    expect(byId.q1.from.categories).toEqual({ verb_form: 9 });
    expect(byId.q1.to.categories).toEqual({ spelling: 2 });
    const ref = welchTTest(q1.v2, q1.v1)!;
    expect(byId.q1.facilityDiff.estimate).toBeCloseTo(ref.estimate, 12);
    expect(byId.q1.facilityDiff.low).toBeCloseTo(ref.low, 12);
    expect(byId.q1.facilityDiff.high).toBeCloseTo(ref.high, 12);
    expect(byId.q1.facilityDiff.p).toBeCloseTo(ref.p, 12);
    expect(byId.q3).toMatchObject({ status: "added", changed: true, from: null, facilityDiff: null });
    expect(byId.q2).toMatchObject({ status: "removed", changed: true, to: null, facilityDiff: null });
  });

  it("applies the attempt policy per assignment and student", async () => {
    const all = (await owner.get(url("from=1&to=2&attempts=all"))).json();
    expect(all.from.attempts).toBe(14);
    const best = (await owner.get(url("from=1&to=2&attempts=best"))).json();
    expect(best.from.attempts).toBe(12);
    const q1 = best.items.find((i: { item: string }) => i.item === "q1");
    // Student 0 was right already; student 5 improved on the second attempt.
    expect(q1.from.facility).toBeCloseTo(4 / 12, 12);
  });

  it("a version against itself reports no difference", async () => {
    const body = (await owner.get(url("from=2&to=2"))).json();
    for (const item of body.items) {
      expect(item.changed).toBe(false);
      expect(item.facilityDiff.estimate).toBe(0);
      expect(item.facilityDiff.p).toBeCloseTo(1, 12);
    }
  });

  it("refuses unknown versions, bad queries, other organizations and students", async () => {
    expect((await owner.get(url("from=1&to=9"))).statusCode).toBe(404);
    const bad = await owner.get(url("from=x&to=2"));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect((await owner.get(url("from=1&to=2&attempts=median"))).statusCode).toBe(400);
    const other = await signUp(t.app);
    const foreign = await other.client.get(
      `/api/v1/orgs/${other.orgId}/exercises/${exerciseId}/versions/compare?from=1&to=2`,
    );
    expect(foreign.statusCode).toBe(404);
    const student = await addMember(t, orgId, "student");
    expect((await student.client.get(url("from=1&to=2"))).statusCode).toBe(403);
  });
});
