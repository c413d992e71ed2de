import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestHash } from "../src/modules/attempts/idempotency.ts";
import { createAssignment, createClassWithStudents, createPublishedExercise, RIGHT_RESPONSES } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("idempotent submit on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let exerciseId: string;
  let cls: Awaited<ReturnType<typeof createClassWithStudents>>;
  let n = 0;
  const base = () => `/api/v1/orgs/${orgId}`;
  const newKey = () => `key-${engine}-${Date.now()}-${++n}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await signUp(t.app);
    orgId = a.orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
    exerciseId = (await createPublishedExercise(t, orgId)).exerciseId;
    cls = await createClassWithStudents(t, orgId, teacher, 2);
  });
  afterAll(async () => t?.close());

  /** A fresh assignment and an open attempt of the first student. */
  async function openAttempt(body: Record<string, unknown> = {}, student = cls.students[0]!.client) {
    const a = await createAssignment(teacher, orgId, { exerciseId, classId: cls.classId, ...body });
    const res = await student.post(`${base()}/assignments/${a.id}/attempts`);
    expect(res.statusCode, res.body).toBe(201);
    return { assignmentId: a.id, attemptId: res.json().id as string, student };
  }
  const submit = (student: Client, attemptId: string, body: unknown, key?: string) =>
    student.post(`${base()}/attempts/${attemptId}/submit`, body, key ? { "idempotency-key": key } : {});

  async function stored(attemptId: string) {
    const db = t.ctx.database.db;
    const responses = await db.selectFrom("responses").select("id").where("attempt_id", "=", attemptId).execute();
    const events = (await db.selectFrom("events").select("payload").where("type", "=", "attempt.submitted").execute())
      .map((e) => JSON.parse(e.payload))
      .filter((p) => p.attemptId === attemptId);
    const attempt = await db.selectFrom("attempts").selectAll().where("id", "=", attemptId).executeTakeFirstOrThrow();
    return { responses: responses.length, events: events.length, attempt };
  }

  it("requires an Idempotency-Key and changes nothing without one", async () => {
    const { attemptId, student } = await openAttempt();
    const res = await submit(student, attemptId, { responses: RIGHT_RESPONSES });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("idempotency_key_required");
    expect((await submit(student, attemptId, {}, "has space")).statusCode).toBe(400);
    const s = await stored(attemptId);
    expect(s).toMatchObject({ responses: 0, events: 0, attempt: { status: "in_progress" } });
  });

  it("replays the stored answer for the same key and body, whatever the key order", async () => {
    const { attemptId, student } = await openAttempt();
    const key = newKey();
    const first = await submit(
      student,
      attemptId,
      { responses: { mc: { selected: ["b"] }, sa: { text: "went" } } },
      key,
    );
    expect(first.statusCode).toBe(200);
    const again = await submit(
      student,
      attemptId,
      { responses: { sa: { text: "went" }, mc: { selected: ["b"] } } },
      key,
    );
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await stored(attemptId)).toMatchObject({ responses: 11, events: 1 });
  });

  it("refuses the same key with another body (422) and another key on a submitted attempt (409)", async () => {
    const { attemptId, student } = await openAttempt();
    const key = newKey();
    expect((await submit(student, attemptId, { responses: { sa: { text: "went" } } }, key)).statusCode).toBe(200);
    const reused = await submit(student, attemptId, { responses: { sa: { text: "gone" } } }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe("idempotency_key_reused");
    const other = await submit(student, attemptId, { responses: { sa: { text: "went" } } }, newKey());
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("already_submitted");
    const s = await stored(attemptId);
    expect(s.responses).toBe(11);
    expect(s.events).toBe(1);
    expect(s.attempt.score).toBe(1);
  });

  it("answers 409 request_in_progress while the same key runs, and takes over a stale claim", async () => {
    const { attemptId, student } = await openAttempt();
    const userId = cls.students[0]!.userId;
    const body = { responses: { sa: { text: "went" } } };
    const hash = requestHash(`${orgId}/attempts/${attemptId}/submit`, body);
    const now = new Date().toISOString();
    const row = (key: string, lockedAt: string) => ({
      user_id: userId,
      key,
      organization_id: orgId,
      request_hash: hash,
      status: "in_progress" as const,
      status_code: null,
      response_body: null,
      created_at: now,
      locked_at: lockedAt,
    });
    const busy = newKey();
    await t.ctx.database.db.insertInto("idempotency_keys").values(row(busy, now)).execute();
    const res = await submit(student, attemptId, body, busy);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("request_in_progress");
    expect((await stored(attemptId)).responses).toBe(0);

    const abandoned = newKey();
    await t.ctx.database.db
      .insertInto("idempotency_keys")
      .values(row(abandoned, new Date(Date.now() - 5 * 60_000).toISOString()))
      .execute();
    expect((await submit(student, attemptId, body, abandoned)).statusCode).toBe(200);
  });

  it("frees a key whose request died with its process within 10 s (issue 16, defect 6)", async () => {
    const { attemptId, student } = await openAttempt();
    const userId = cls.students[0]!.userId;
    const body = { responses: { sa: { text: "went" } } };
    const key = newKey();
    // The claim a crashed process left: in progress, locked 6 s ago, no answer. The retry must succeed within 10 s
    // of the crash, after backing off and waiting for a busy server: the claim is free at 5 s, not 8 (cluster suite).
    const sixSecondsAgo = new Date(Date.now() - 6_000).toISOString();
    await t.ctx.database.db
      .insertInto("idempotency_keys")
      .values({
        user_id: userId,
        key,
        organization_id: orgId,
        request_hash: requestHash(`${orgId}/attempts/${attemptId}/submit`, body),
        status: "in_progress",
        status_code: null,
        response_body: null,
        created_at: sixSecondsAgo,
        locked_at: sixSecondsAgo,
      })
      .execute();
    const res = await submit(student, attemptId, body, key);
    expect(res.statusCode, res.body).toBe(200);
    expect((await stored(attemptId)).responses).toBeGreaterThan(0);
  });

  it("forgets keys past their 24-hour retention", async () => {
    const { attemptId, student } = await openAttempt();
    const key = newKey();
    const old = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await t.ctx.database.db
      .insertInto("idempotency_keys")
      .values({
        user_id: cls.students[0]!.userId,
        key,
        organization_id: orgId,
        request_hash: "another request",
        status: "done",
        status_code: 200,
        response_body: "{}",
        created_at: old,
        locked_at: old,
      })
      .execute();
    expect((await submit(student, attemptId, {}, key)).statusCode).toBe(200);
  });

  it("replays a refusal as the same refusal", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const { attemptId, student, assignmentId } = await openAttempt();
    await teacher.patch(`${base()}/assignments/${assignmentId}`, { dueAt: past });
    const key = newKey();
    const first = await submit(student, attemptId, {}, key);
    expect(first.statusCode).toBe(409);
    expect(first.json().error.code).toBe("past_due");
    // Even after the teacher reopens it, the same key gets the same answer; a new key submits.
    await teacher.patch(`${base()}/assignments/${assignmentId}`, { allowLate: true });
    const again = await submit(student, attemptId, {}, key);
    expect(again.statusCode).toBe(409);
    expect(again.body).toBe(first.body);
    const late = await submit(student, attemptId, {}, newKey());
    expect(late.statusCode).toBe(200);
    expect((await stored(attemptId)).attempt.late).toBe(1);
  });

  it("enforces attempts, opening and due dates at start", async () => {
    const { assignmentId, attemptId, student } = await openAttempt({ maxAttempts: 1 });
    expect((await submit(student, attemptId, {}, newKey())).statusCode).toBe(200);
    const more = await student.post(`${base()}/assignments/${assignmentId}/attempts`);
    expect(more.statusCode).toBe(409);
    expect(more.json().error.code).toBe("max_attempts_reached");

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const closed = await createAssignment(teacher, orgId, { exerciseId, classId: cls.classId, opensAt: future });
    const early = await student.post(`${base()}/assignments/${closed.id}/attempts`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("not_open");

    const past = new Date(Date.now() - 60_000).toISOString();
    const due = await createAssignment(teacher, orgId, { exerciseId, classId: cls.classId, dueAt: past });
    const late = await student.post(`${base()}/assignments/${due.id}/attempts`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("past_due");
    const lateOk = await createAssignment(teacher, orgId, {
      exerciseId,
      classId: cls.classId,
      dueAt: past,
      allowLate: true,
    });
    expect((await student.post(`${base()}/assignments/${lateOk.id}/attempts`)).statusCode).toBe(201);
    const attempts = await t.ctx.database.db
      .selectFrom("attempts")
      .select("id")
      .where("assignment_id", "in", [closed.id, due.id])
      .execute();
    expect(attempts).toHaveLength(0);
  });

  it("grades once under 10 concurrent submits with the same key", async () => {
    const { attemptId, student } = await openAttempt();
    const key = newKey();
    const body = { responses: RIGHT_RESPONSES };
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(student, attemptId, body, key)));
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      if (r.statusCode === 200) expect(r.body).toBe(ok[0]!.body);
      else {
        expect(r.statusCode).toBe(409);
        expect(r.json().error.code).toBe("request_in_progress");
      }
    }
    const s = await stored(attemptId);
    expect(s).toMatchObject({ responses: 11, events: 1, attempt: { status: "submitted", score: 11 } });
  });

  it("grades once under 10 concurrent submits with different keys", async () => {
    const { attemptId, student } = await openAttempt();
    const body = { responses: RIGHT_RESPONSES };
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(student, attemptId, body, newKey())));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe("already_submitted");
    }
    expect(await stored(attemptId)).toMatchObject({ responses: 11, events: 1, attempt: { score: 11 } });
  });

  it("creates one attempt under concurrent starts", async () => {
    const a = await createAssignment(teacher, orgId, { exerciseId, classId: cls.classId, maxAttempts: 3 });
    const student = cls.students[1]!.client;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => student.post(`${base()}/assignments/${a.id}/attempts`)),
    );
    const ids = new Set(results.map((r) => r.json().id));
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(ids.size).toBe(1);
    const rows = await t.ctx.database.db
      .selectFrom("attempts")
      .select("id")
      .where("assignment_id", "=", a.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
