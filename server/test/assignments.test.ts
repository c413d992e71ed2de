import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAssignment,
  createClassWithStudents,
  createPublishedExercise,
  type PublishedExercise,
} from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

let k = 0;
const key = () => ({ "idempotency-key": `as-${Date.now()}-${++k}` });
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe.each(testEngines())("assignments on %s", (engine) => {
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
    ex = await createPublishedExercise(t, orgId, { title: "Past simple", versions: 2 });
    cls = await createClassWithStudents(t, orgId, teacher, 2);
  });
  afterAll(async () => t?.close());

  it("pins the latest published version and writes assignment.created", async () => {
    const res = await teacher.post(`${base()}/assignments`, {
      exerciseId: ex.exerciseId,
      classId: cls.classId,
      feedback: "after_due",
      dueAt: "2030-01-02T10:00:00+02:00",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      exerciseVersion: 2,
      title: "Past simple",
      maxAttempts: 1,
      allowLate: false,
      shuffle: false,
      feedback: "after_due",
      dueAt: "2030-01-02T08:00:00.000Z",
      opensAt: null,
    });
    const row = await t.ctx.database.db
      .selectFrom("assignments")
      .select(["exercise_version_id", "max_score"])
      .where("id", "=", res.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ exercise_version_id: ex.versionId, max_score: ex.maxScore });
    const events = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("type", "=", "assignment.created")
      .execute();
    expect(events.map((e) => JSON.parse(e.payload).assignmentId)).toContain(res.json().id);
  });

  it("refuses an unpublished exercise (422), unknown or foreign ids (404) and bad dates (400)", async () => {
    const draft = await createPublishedExercise(t, orgId, { published: false });
    const unpublished = await teacher.post(`${base()}/assignments`, {
      exerciseId: draft.exerciseId,
      classId: cls.classId,
      feedback: "immediate",
    });
    expect(unpublished.statusCode).toBe(422);
    expect(unpublished.json().error.code).toBe("not_published");

    const other = await signUp(t.app, { organizationName: "Elsewhere" });
    const foreign = await createPublishedExercise(t, other.orgId);
    const body = { classId: cls.classId, feedback: "immediate" };
    expect((await teacher.post(`${base()}/assignments`, { ...body, exerciseId: foreign.exerciseId })).statusCode).toBe(
      404,
    );
    expect(
      (await teacher.post(`${base()}/assignments`, { ...body, exerciseId: ex.exerciseId, classId: "nope" })).statusCode,
    ).toBe(404);
    const dates = await teacher.post(`${base()}/assignments`, {
      ...body,
      exerciseId: ex.exerciseId,
      opensAt: hoursFromNow(5),
      dueAt: hoursFromNow(1),
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().error.details[0].field).toBe("body.dueAt");
    const bad = await teacher.post(`${base()}/assignments`, {
      ...body,
      exerciseId: ex.exerciseId,
      dueAt: "tomorrow",
      feedback: "x",
      maxAttempts: 0,
    });
    expect(bad.statusCode).toBe(400);
    const count = await t.ctx.database.db
      .selectFrom("assignments")
      .select("id")
      .where("exercise_id", "=", draft.exerciseId)
      .execute();
    expect(count).toHaveLength(0);
  });

  it("lists by class, reads, and patches dates, attempts, feedback and allowLate — never the version", async () => {
    const a = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId });
    const other = await createClassWithStudents(t, orgId, teacher, 0, "Other");
    await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: other.classId });
    const list = (await teacher.get(`${base()}/assignments?classId=${cls.classId}`)).json();
    expect(list.items.every((x: { classId: string }) => x.classId === cls.classId)).toBe(true);
    expect(list.items.map((x: { id: string }) => x.id)).toContain(a.id);

    const due = hoursFromNow(48);
    const patched = await teacher.patch(`${base()}/assignments/${a.id}`, {
      dueAt: due,
      maxAttempts: 3,
      feedback: "never",
      allowLate: true,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      dueAt: due,
      maxAttempts: 3,
      feedback: "never",
      allowLate: true,
      exerciseVersion: 2,
    });
    const version = await teacher.patch(`${base()}/assignments/${a.id}`, { exerciseVersion: 1 });
    expect(version.statusCode).toBe(400);
    expect((await teacher.patch(`${base()}/assignments/${a.id}`, { opensAt: hoursFromNow(72) })).statusCode).toBe(400);
    expect((await teacher.get(`${base()}/assignments/${a.id}`)).json()).toMatchObject({ dueAt: due, opensAt: null });
  });

  it("deletes an assignment only while nobody has started it", async () => {
    const a = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId });
    const b = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId });
    expect((await teacher.delete(`${base()}/assignments/${a.id}`)).statusCode).toBe(204);
    expect((await teacher.get(`${base()}/assignments/${a.id}`)).statusCode).toBe(404);
    await cls.students[0]!.client.post(`${base()}/assignments/${b.id}/attempts`);
    const res = await teacher.delete(`${base()}/assignments/${b.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("has_attempts");
    expect((await teacher.get(`${base()}/assignments/${b.id}`)).statusCode).toBe(200);
  });

  it("shows each student their assignments with status and visible score", async () => {
    const fresh = await createClassWithStudents(t, orgId, teacher, 1, "Statuses");
    const s = fresh.students[0]!.client;
    const make = (body: Record<string, unknown>) =>
      createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: fresh.classId, ...body });
    const notStarted = await make({});
    const inProgress = await make({});
    const submitted = await make({ feedback: "immediate" });
    const late = await make({ dueAt: hoursFromNow(-1), allowLate: true });
    const missed = await make({ dueAt: hoursFromNow(-1) });
    const hidden = await make({ feedback: "never" });
    const waiting = await make({ feedback: "after_due", dueAt: hoursFromNow(24) });

    await s.post(`${base()}/assignments/${inProgress.id}/attempts`);
    for (const a of [submitted, late, hidden, waiting]) {
      const attempt = (await s.post(`${base()}/assignments/${a.id}/attempts`)).json();
      const res = await s.post(
        `${base()}/attempts/${attempt.id}/submit`,
        { responses: { sa: { text: "went" } } },
        key(),
      );
      expect(res.statusCode, res.body).toBe(200);
    }

    const mine = await s.get(`${base()}/me/assignments`);
    expect(mine.statusCode).toBe(200);
    const by = Object.fromEntries(mine.json().items.map((a: { id: string }) => [a.id, a]));
    expect(mine.json().items).toHaveLength(7);
    expect(by[notStarted.id]).toMatchObject({
      status: "not_started",
      attemptsUsed: 0,
      score: null,
      className: "Statuses",
    });
    expect(by[inProgress.id]).toMatchObject({ status: "in_progress", attemptsUsed: 1, attemptId: expect.any(String) });
    expect(by[submitted.id]).toMatchObject({ status: "submitted", score: 1, maxScore: ex.maxScore, attemptId: null });
    expect(by[late.id]).toMatchObject({ status: "late", score: 1 });
    expect(by[missed.id]).toMatchObject({ status: "missed", score: null });
    expect(by[hidden.id]).toMatchObject({ status: "submitted", score: null });
    expect(by[waiting.id]).toMatchObject({ status: "submitted", score: null });

    // Another student of another class sees none of these; teachers see an empty list.
    const others = (await cls.students[0]!.client.get(`${base()}/me/assignments?limit=200`)).json().items;
    expect(others.map((a: { id: string }) => a.id)).not.toContain(notStarted.id);
    expect((await teacher.get(`${base()}/me/assignments`)).json().items).toEqual([]);

    const page1 = (await s.get(`${base()}/me/assignments?limit=4`)).json();
    const page2 = (await s.get(`${base()}/me/assignments?limit=4&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items]).toHaveLength(7);
    expect(page2.nextCursor).toBeNull();
  });
});
