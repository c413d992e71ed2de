/**
 * End to end through the API with the background jobs running (in process on SQLite, BullMQ on the shared
 * engines): a submission reaches GET statistics within two seconds through the live sums, then the debounced
 * full recompute fills median and discriminative efficiency; an attempt whose essay waits for its grade is left out
 * until the teacher's grade brings it in (api.md's pending rule).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Background, startJobs } from "../src/background.ts";
import { createAssignment, createClassWithStudents, createPublishedExercise, RIGHT_RESPONSES } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

let keys = 0;
const NO_ESSAY = { ...RIGHT_RESPONSES, essay: { text: "" } };
const key = () => ({ "idempotency-key": `fresh-${Date.now()}-${++keys}` });

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  let value = await read();
  while (!ok(value) && Date.now() - t0 < ms) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return { value, ms: Date.now() - t0 };
}

describe.each(testEngines())("fresh statistics on %s", (engine) => {
  let t: TestApp;
  let bg: Background;
  let orgId: string;
  let teacher: Client;
  let cls: Awaited<ReturnType<typeof createClassWithStudents>>;
  let assignmentId: string;
  const stats = async (policy = "first") =>
    (await teacher.get(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/statistics?attempts=${policy}`)).json();

  beforeAll(async () => {
    t = await createTestApp(engine);
    orgId = (await signUp(t.app)).orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
    const ex = await createPublishedExercise(t, orgId);
    cls = await createClassWithStudents(t, orgId, teacher, 3);
    assignmentId = (await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId })).id;
    bg = await startJobs(t.ctx, { consume: true, shutdownMs: 2_000 });
  });
  afterAll(async () => {
    await bg?.stop();
    await t?.close();
  });

  async function submit(student: Client, responses: Record<string, unknown>) {
    const a = await student.post(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`);
    expect(a.statusCode, a.body).toBe(201);
    const res = await student.post(`/api/v1/orgs/${orgId}/attempts/${a.json().id}/submit`, { responses }, key());
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; results: Record<string, { responseId?: string }> };
  }

  it("shows each submission within two seconds, then the full recompute's median", async () => {
    expect((await stats()).attempts).toBe(0);
    // No essay written (blank, scored 0 at once): nothing waits for the teacher.
    await submit(cls.students[0]!.client, NO_ESSAY);
    const first = await poll(stats, (s) => s.attempts === 1, 2_000);
    expect(first.value.attempts, `after ${first.ms} ms`).toBe(1);

    await submit(cls.students[1]!.client, { ...NO_ESSAY, mc: { selected: ["a"] }, sa: { text: "goed" } });
    const second = await poll(stats, (s) => s.attempts === 2, 2_000);
    expect(second.value.attempts, `after ${second.ms} ms`).toBe(2);
    const mc = second.value.items.find((i: { item: string }) => i.item === "mc");
    expect(mc.n).toBe(2);
    expect(mc.facility).toBeCloseTo(0.5, 12);
    expect(typeof second.value.computedAt).toBe("string");

    // The debounced recompute (~2 s after the change) brings median, options and response groups up to date.
    const full = await poll(stats, (s) => s.fresh && s.attempts === 2, 8_000);
    expect(full.value.fresh).toBe(true);
    expect(full.value.test.median).not.toBeNull();
    const sa = full.value.items.find((i: { item: string }) => i.item === "sa");
    expect(sa.responseGroups.map((g: { response: string }) => g.response).sort()).toEqual(["goed", "went"]);
    const opts = full.value.items.find((i: { item: string }) => i.item === "mc").options;
    expect(opts.options.find((o: { option: string }) => o.option === "a").count).toBe(1);
  });

  it("leaves an attempt out until its essay is graded, then takes the grade in (response.graded)", async () => {
    const essay = () =>
      stats().then((s) => ({
        attempts: s.attempts as number,
        essay: s.items.find((i: { item: string }) => i.item === "essay") as { n: number; facility: number },
      }));
    const before = (await essay()).essay;
    expect(before.n).toBe(2);
    await submit(cls.students[2]!.client, RIGHT_RESPONSES);
    const queue = (await teacher.get(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/grading`)).json();
    const items = (queue.items ?? queue) as { id?: string; responseId?: string }[];
    expect(items).toHaveLength(1);
    // Submitted, waiting: still the two graded attempts only.
    expect((await essay()).attempts).toBe(2);
    const responseId = (items[0]!.responseId ?? items[0]!.id) as string;
    const g = await teacher.put(`/api/v1/orgs/${orgId}/responses/${responseId}/grade`, { score: 5 });
    expect(g.statusCode, g.body).toBe(200);
    const after = await poll(essay, (e) => e.attempts === 3, 2_000);
    expect(after.value.attempts).toBe(3);
    expect(after.value.essay.n).toBe(3);
    // Two blank essays (0 of 5) and this one (5 of 5).
    expect(after.value.essay.facility).toBeCloseTo(5 / 15, 12);
  });
});
