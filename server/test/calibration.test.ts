/**
 * GET /classes/{id}/calibration and the `scale` of /students/{userId}/progress, over HTTP on every engine: the
 * worker calibrates the class's first attempts (a second attempt and a pending essay left out) and the difficulties
 * equal eRm::RM on the same 0/1 matrix; abilities on the scale are Warm's WLE on those difficulties.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RaschResponse, warmAbility } from "../../domain/src/index.ts";
import { ermRasch, hasRscriptWithErm, normal, seeded } from "../../domain/src/methodology/rasch/testing.ts";
import { createPublishedExercise, type PublishedExercise } from "./factories.ts";
import {
  addMember,
  type Client,
  createTestApp,
  requireServices,
  signUp,
  type TestApp,
  testEngines,
} from "./harness.ts";
import { at, insertAssignment, insertAttempt, insertClass, insertStudent } from "./insight-fixtures.ts";

const haveR = hasRscriptWithErm();
if (!haveR && requireServices()) throw new Error("REQUIRE_SERVICES=1 but Rscript with eRm is missing");
if (!haveR) console.warn("calibration: skipping the eRm comparison (Rscript with eRm is not installed)");

const items = (prefix: string, n: number, skills?: ("grammar" | "vocabulary")[]) =>
  Array.from({ length: n }, (_, k) => ({
    id: `${prefix}${k + 1}`,
    type: "short_answer" as const,
    prompt: `${prefix}${k + 1}`,
    answers: [{ text: "x", fraction: 1 }],
    ...(skills ? { skills } : {}),
  }));

async function setSkills(t: TestApp, ex: PublishedExercise, skills: string[]) {
  const db = t.ctx.database.db;
  const row = await db
    .selectFrom("exercise_versions")
    .select("content")
    .where("id", "=", ex.versionId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("exercise_versions")
    .set({ content: JSON.stringify({ ...JSON.parse(row.content), skills }) })
    .where("id", "=", ex.versionId)
    .execute();
}

describe.each(testEngines())("class calibration on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let classId: string;
  let teacher: Client;
  const students: string[] = [];
  /** The first attempts as the test wrote them: item key → student → 0/1. */
  const truth = new Map<string, Map<string, 0 | 1>>();
  const keys: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine, {}, { jobs: true });
    const s = await signUp(t.app);
    teacher = s.client;
    orgId = s.orgId;
    classId = await insertClass(t, orgId);
    const grammar = await createPublishedExercise(t, orgId, { items: items("g", 6), title: "Grammar" });
    await setSkills(t, grammar, ["grammar"]);
    // Item-level skills win over the exercise's (content-model.md).
    const vocab = await createPublishedExercise(t, orgId, { items: items("v", 6, ["vocabulary"]), title: "Words" });
    const exercises = [grammar, vocab];
    const assignments = [
      await insertAssignment(t, orgId, classId, grammar),
      await insertAssignment(t, orgId, classId, vocab),
    ];
    const rand = seeded(99);
    const b = Array.from({ length: 12 }, () => normal(rand));
    for (let k = 0; k < 70; k++) students.push(await insertStudent(t, orgId, classId, `Student ${k}`));
    for (const [k, userId] of students.entries()) {
      const theta = normal(rand);
      // Every student did grammar; two in three also did the vocabulary exercise: an incomplete design.
      for (const e of k % 3 === 2 ? [0] : [0, 1]) {
        const ex = exercises[e]!;
        const responses: Record<string, { score: number; status?: "correct" | "incorrect" | "pending" }> = {};
        ex.items.forEach((it, j) => {
          const x = rand() < 1 / (1 + Math.exp(b[e * 6 + j]! - theta)) ? 1 : 0;
          responses[it.id!] = { score: x, status: x ? "correct" : "incorrect" };
          const key = `${ex.versionId}/${it.id}`;
          if (!truth.has(key)) {
            truth.set(key, new Map());
            keys.push(key);
          }
          truth.get(key)!.set(userId, x as 0 | 1);
        });
        if (k === 0) responses[ex.items[0]!.id!] = { score: 0, status: "pending" };
        if (k === 0) truth.get(`${ex.versionId}/${ex.items[0]!.id}`)!.delete(userId);
        const base = { orgId, classId, userId, assignmentId: assignments[e]! };
        await insertAttempt(t, { ...base, submittedAt: at(60 * 24 * e + k), responses });
        // A second attempt, all right, must not count.
        if (k % 5 === 0) {
          const all = Object.fromEntries(ex.items.map((it) => [it.id!, { score: 1, status: "correct" as const }]));
          await insertAttempt(t, { ...base, submittedAt: at(60 * 24 * e + k + 1), responses: all });
        }
      }
    }
  });
  afterAll(async () => t?.close());

  const url = () => `/api/v1/orgs/${orgId}/classes/${classId}/calibration`;

  async function computed() {
    const first = await teacher.get(url());
    expect(first.statusCode, first.body).toBe(200);
    if (first.json().computedAt === null) expect(first.json()).toMatchObject({ n: 0, items: [], students: [] });
    // The first read asked the worker for a calibration (debounced); the page itself never waits for one.
    for (let k = 0; k < 100; k++) {
      const res = await teacher.get(url());
      if (res.json().computedAt) return res.json();
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the worker did not calibrate the class");
  }

  it("is computed by the worker from first attempts and equals eRm::RM", async () => {
    const body = await computed();
    expect(body.method).toBe("cml");
    expect(body.items).toHaveLength(12);
    expect(body.students).toHaveLength(70);
    expect(body.students.find((s: { student: { id: string } }) => s.student.id === students[3])).toMatchObject({
      student: { id: students[3], name: "Student 3" },
      answered: 12,
    });
    const bySkill = (skill: string) => body.items.filter((i: { skill?: string }) => i.skill === skill).length;
    expect([bySkill("grammar"), bySkill("vocabulary")]).toEqual([6, 6]);
    for (const it of body.items) {
      expect(Object.keys(it)).toEqual(
        expect.arrayContaining(["exerciseId", "version", "item", "difficulty", "se", "infit", "outfit", "extreme"]),
      );
    }
    if (!haveR) return;
    const matrix: RaschResponse[][] = students.map((u) => keys.map((key) => truth.get(key)!.get(u) ?? null));
    const ref = ermRasch([matrix])[0]!;
    keys.forEach((key, c) => {
      const [versionId, item] = key.split("/");
      const ours = body.items.find(
        (i: { exerciseVersionId: string; item: string }) => i.exerciseVersionId === versionId && i.item === item,
      );
      expect(Math.abs(ours.difficulty - ref.difficulty[c]!), key).toBeLessThan(1e-4);
      expect(Math.abs(ours.se - ref.se[c]!), key).toBeLessThan(1e-3);
    });
  });

  it("puts the student's WLE per skill and attempt in progress.scale", async () => {
    const body = await computed();
    const userId = students[4]!;
    const res = await teacher.get(`/api/v1/orgs/${orgId}/students/${userId}/progress`);
    expect(res.statusCode, res.body).toBe(200);
    const scale = res.json().scale as { skill: string; at: string; ability: number; se: number }[];
    expect(scale.map((p) => p.skill)).toEqual(["grammar", "vocabulary"]);
    for (const p of scale) {
      const mine = body.items.filter((i: { skill: string }) => i.skill === p.skill);
      const right = mine.reduce(
        (n: number, i: { exerciseVersionId: string; item: string }) =>
          n + (truth.get(`${i.exerciseVersionId}/${i.item}`)!.get(userId) ?? 0),
        0,
      );
      const expected = warmAbility(
        mine.map((i: { difficulty: number }) => i.difficulty),
        right,
      )!;
      expect(p.ability).toBeCloseTo(expected.ability, 8);
      expect(p.se).toBeCloseTo(expected.se, 8);
    }
  });

  it("is for staff only: 403 for a student (the role check of every staff route), 404 elsewhere", async () => {
    const student = await addMember(t, orgId, "student", "Sam");
    expect((await student.client.get(url())).statusCode).toBe(403);
    const other = await signUp(t.app);
    expect((await other.client.get(url())).statusCode).toBe(404);
    const unknown = await teacher.get(`/api/v1/orgs/${orgId}/classes/00000000-0000-7000-8000-000000000000/calibration`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("not_found");
  });
});
