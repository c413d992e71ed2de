/**
 * The review-and-fix loop over HTTP, with the real job system: the teacher's review of one attempt, per-item
 * overrides (audited, reverted by DELETE, followed by the gradebook, the dashboard and the statistics), regrading
 * with a fixed key (only the affected scores change, idempotent, nothing lost while students submit), "accept this
 * answer", extensions, the responses grid and its CSV. Expected scores come from the keys written here by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { answer, KEY_V2, publishNewVersion, responsesFor, setUp, waitFor } from "./review-fixtures.ts";

describe.each(testEngines())("review and regrade on %s", (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof signUp>>;
  let teacher: Client;

  beforeAll(async () => {
    t = await createTestApp(engine, {}, { jobs: true });
    org = await signUp(t.app, { organizationName: "Review School" });
    teacher = org.client;
  });
  afterAll(async () => t?.close());

  const api = (path: string) => `/api/v1/orgs/${org.orgId}${path}`;
  const audit = async (targetId: string) =>
    (await teacher.get(api(`/audit?targetId=${targetId}&limit=200`))).json().items as {
      action: string;
      actor: { id: string | null };
      details: Record<string, unknown>;
    }[];
  const regradeDone = (assignmentId: string, id: string) =>
    waitFor(
      async () => (await teacher.get(api(`/assignments/${assignmentId}/regrades/${id}`))).json(),
      (j) => j.status === "succeeded" || j.status === "failed",
    );
  const attemptScores = async (assignmentId: string) =>
    t.ctx.database.db
      .selectFrom("attempts")
      .select(["id", "user_id", "score", "graded_version_id"])
      .where("assignment_id", "=", assignmentId)
      .where("status", "=", "submitted")
      .execute();

  it("shows the teacher every item with the answer as given, its verdict, score and categories", async () => {
    const s = await setUp(t, org.orgId, teacher, 1);
    const sub = await answer(
      s.students[0]!.client,
      org.orgId,
      s.assignmentId,
      responsesFor("went", { q3: { value: false } }),
    );
    const res = await teacher.get(api(`/attempts/${sub.id}`));
    expect(res.statusCode).toBe(200);
    const review = res.json().review as {
      itemId: string;
      answer: string;
      status: string;
      score: number;
      name: string;
    }[];
    expect(review.map((r) => r.itemId)).toEqual(["q1", "q2", "q3", "q4"]);
    expect(review[0]).toMatchObject({ answer: "went", status: "incorrect", score: 0 });
    expect(review[2]).toMatchObject({ answer: "False", status: "incorrect", score: 0 });
    expect(review[3]).toMatchObject({ answer: "on", status: "correct", score: 1 });
    expect(review[0]!.name).toContain("Past tense of 'go'");
    // The student's own view never has the review list.
    const mine = await s.students[0]!.client.get(api(`/attempts/${sub.id}`));
    expect(mine.json()).not.toHaveProperty("review");
  });

  it("overrides one item's score with a comment, audited; DELETE returns to the automatic score", async () => {
    const s = await setUp(t, org.orgId, teacher, 2);
    const a = await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    await answer(s.students[1]!.client, org.orgId, s.assignmentId, responsesFor("goed"));
    expect(a.score).toBe(3);
    const url = api(`/attempts/${a.id}/items/q1/override`);
    const bad = await teacher.put(url, { score: 5, comment: "too many" });
    expect(bad.statusCode).toBe(422);
    const studentTry = await s.students[0]!.client.put(url, { score: 1, comment: "mine" });
    expect(studentTry.statusCode).toBe(403);

    const put = await teacher.put(url, { score: 1, comment: "'went' is right; the key was wrong" });
    expect(put.statusCode).toBe(200);
    expect(put.json().score).toBe(4);
    const q1 = (put.json().review as { itemId: string }[]).find((r) => r.itemId === "q1") as Record<string, unknown>;
    expect(q1).toMatchObject({ score: 1, automaticScore: 0, override: { score: 1, by: org.userId } });
    const records = await audit(a.id);
    expect(records[0]).toMatchObject({ action: "attempt.override", actor: { id: org.userId } });
    expect(records[0]!.details).toMatchObject({ itemId: "q1", fromScore: 0, toScore: 1 });

    // The gradebook, the dashboard and the statistics follow (the last two through the job system).
    const csv = (await teacher.get(api(`/classes/${s.classId}/gradebook.csv`))).body;
    expect(csv).toContain(",4,");
    await waitFor(
      async () => (await teacher.get(api(`/assignments/${s.assignmentId}/statistics`))).json(),
      (st) => st.test?.mean === 4,
    );
    // B's "goed" is right by this (mistaken) key: both have every point now.
    await waitFor(
      async () => (await teacher.get(api(`/classes/${s.classId}/dashboard`))).json(),
      (d) => d.assignments?.[0]?.averageScore === 1,
    );

    const del = await teacher.delete(url);
    expect(del.statusCode).toBe(200);
    expect(del.json().score).toBe(3);
    expect((await audit(a.id))[0]!.action).toBe("attempt.override_removed");
    expect((await teacher.delete(url)).statusCode).toBe(404);
    await waitFor(
      async () => (await teacher.get(api(`/assignments/${s.assignmentId}/statistics`))).json(),
      (st) => st.test?.mean === 3.5,
    );
    await waitFor(
      async () => (await teacher.get(api(`/classes/${s.classId}/dashboard`))).json(),
      (d) => d.assignments?.[0]?.averageScore === (3 / 4 + 4 / 4) / 2,
    );
  });

  it("regrades with a fixed key: only the affected scores change, each audited, and a second run changes nothing", async () => {
    const s = await setUp(t, org.orgId, teacher, 4);
    const answers = ["went", "goed", "went", "gone"];
    const subs: { id: string; score: number | null }[] = [];
    for (let i = 0; i < 4; i++)
      subs.push(await answer(s.students[i]!.client, org.orgId, s.assignmentId, responsesFor(answers[i]!)));
    expect(subs.map((x) => x.score)).toEqual([3, 4, 3, 3]);
    // A teacher's override on D stands through the regrade.
    await teacher.put(api(`/attempts/${subs[3]!.id}/items/q2/override`), { score: 0.5, comment: "half" });

    const version = await publishNewVersion(teacher, org.orgId, s.exerciseId, KEY_V2);
    expect((await teacher.patch(api(`/assignments/${s.assignmentId}`), { version })).statusCode).toBe(409);
    const patch = await teacher.patch(api(`/assignments/${s.assignmentId}`), { version, regrade: true });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ exerciseVersion: version, regrade: { total: 4 } });
    const job = await regradeDone(s.assignmentId, patch.json().regrade.id);
    expect(job).toMatchObject({ status: "succeeded", done: 4, total: 4, progress: 1 });
    // The job counts its own changes; an attempt whose submit event arrived after the switch is regraded by the
    // check after submit instead. The audit below counts every change, whoever made it.
    expect(job.changed).toBeLessThanOrEqual(3);

    const after = new Map((await attemptScores(s.assignmentId)).map((r) => [r.id, r.score]));
    expect(subs.map((x) => after.get(x.id))).toEqual([4, 3, 4, 2.5]);
    const d = await teacher.get(api(`/attempts/${subs[3]!.id}`));
    const q2 = (d.json().review as { itemId: string }[]).find((r) => r.itemId === "q2") as Record<string, unknown>;
    expect(q2).toMatchObject({ score: 0.5, override: { score: 0.5 } });
    for (const i of [0, 1, 2]) {
      const rec = (await audit(subs[i]!.id)).filter((r) => r.action === "attempt.regraded");
      expect(rec).toHaveLength(1);
    }
    expect((await audit(subs[3]!.id)).filter((r) => r.action === "attempt.regraded")).toHaveLength(0);
    const events = await t.ctx.database.db
      .selectFrom("events")
      .select(["payload"])
      .where("type", "=", "attempt.regraded")
      .execute();
    const regradedIds = events.map((e) => JSON.parse(e.payload).attemptId);
    expect(regradedIds.filter((id) => subs.slice(0, 3).some((x) => x.id === id))).toHaveLength(3);
    await waitFor(
      async () => (await teacher.get(api(`/assignments/${s.assignmentId}/statistics`))).json(),
      (st) => st.fresh === true && st.test?.mean === (4 + 3 + 4 + 2.5) / 4,
    );

    // Twice: nothing left to do, no new record, no new event.
    const again = await teacher.patch(api(`/assignments/${s.assignmentId}`), { version, regrade: true });
    const job2 = await regradeDone(s.assignmentId, again.json().regrade.id);
    expect(job2).toMatchObject({ status: "succeeded", changed: 0 });
    const after2 = new Map((await attemptScores(s.assignmentId)).map((r) => [r.id, r.score]));
    expect([...after2.entries()]).toEqual([...after.entries()]);
    const events2 = await t.ctx.database.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("type", "=", "attempt.regraded")
      .executeTakeFirstOrThrow();
    expect(Number(events2.n)).toBe(events.length);
  });

  it("loses nothing when students submit while the regrade runs", async () => {
    const n = 12;
    const s = await setUp(t, org.orgId, teacher, n);
    const before = s.students.slice(0, 6);
    const during = s.students.slice(6);
    for (const st of before) await answer(st.client, org.orgId, s.assignmentId, responsesFor("went"));
    // The others have started and autosaved; they submit at the moment the version switches.
    const version = await publishNewVersion(teacher, org.orgId, s.exerciseId, KEY_V2);
    const [patch] = await Promise.all([
      teacher.patch(api(`/assignments/${s.assignmentId}`), { version, regrade: true }),
      ...during.map((st) => answer(st.client, org.orgId, s.assignmentId, responsesFor("went"))),
    ]);
    expect(patch.statusCode).toBe(200);
    await regradeDone(s.assignmentId, patch.json().regrade.id);
    const v2 = await t.ctx.database.db
      .selectFrom("assignments")
      .select("exercise_version_id")
      .where("id", "=", s.assignmentId)
      .executeTakeFirstOrThrow();
    const rows = await waitFor(
      () => attemptScores(s.assignmentId),
      (r) => r.length === n && r.every((x) => x.graded_version_id === v2.exercise_version_id),
    );
    // Every attempt graded with the fixed key: "went" is right, so each has all four points.
    expect(rows.map((r) => r.score)).toEqual(Array(n).fill(4));
    const responses = await t.ctx.database.db
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assignment_id", "=", s.assignmentId)
      .executeTakeFirstOrThrow();
    expect(Number(responses.n)).toBe(n * 4);
  });

  it("accepts an answer from a response group: a new version with it, and the class regraded", async () => {
    const s = await setUp(t, org.orgId, teacher, 2);
    const a = await answer(
      s.students[0]!.client,
      org.orgId,
      s.assignmentId,
      responsesFor("goed", { q4: { gaps: { g1: "in" } } }),
    );
    const b = await answer(
      s.students[1]!.client,
      org.orgId,
      s.assignmentId,
      responsesFor("goed", { q4: { gaps: { g1: "at" } } }),
    );
    const res = await teacher.post(api(`/assignments/${s.assignmentId}/accept-answer`), {
      itemId: "q4",
      gapId: "g1",
      text: "in",
      fraction: 0.5,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().exerciseVersion).toBe(2);
    await regradeDone(s.assignmentId, res.json().regrade.id);
    const scores = new Map((await attemptScores(s.assignmentId)).map((r) => [r.id, r.score]));
    expect(scores.get(a.id)).toBe(3.5);
    expect(scores.get(b.id)).toBe(3);
    const ex = (await teacher.get(api(`/exercises/${s.exerciseId}`))).json();
    const gap = ex.items.find((it: { id: string }) => it.id === "q4").gaps[0];
    expect(gap.answers).toEqual(expect.arrayContaining([expect.objectContaining({ text: "in", fraction: 0.5 })]));
    const wrongType = await teacher.post(api(`/assignments/${s.assignmentId}/accept-answer`), {
      itemId: "q3",
      text: "yes",
    });
    expect(wrongType.statusCode).toBe(422);
    const unknown = await teacher.post(api(`/assignments/${s.assignmentId}/accept-answer`), {
      itemId: "nope",
      text: "x",
    });
    expect(unknown.statusCode).toBe(422);
  });

  it("gives one student a later due date and an extra attempt", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const s = await setUp(t, org.orgId, teacher, 2, {
      opensAt: new Date(Date.now() - 3_600_000).toISOString(),
      dueAt: past,
    });
    const [late, other] = s.students as [(typeof s.students)[0], (typeof s.students)[0]];
    const start = () => late.client.post(api(`/assignments/${s.assignmentId}/attempts`));
    expect((await start()).statusCode).toBe(409);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const put = await teacher.put(api(`/assignments/${s.assignmentId}/extensions/${late.userId}`), {
      dueAt: later,
      extraAttempts: 1,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ userId: late.userId, dueAt: later, extraAttempts: 1 });
    await answer(late.client, org.orgId, s.assignmentId, responsesFor("went"));
    await answer(late.client, org.orgId, s.assignmentId, responsesFor("went"));
    const third = await start();
    expect(third.statusCode).toBe(409);
    expect(third.json().error.code).toBe("max_attempts_reached");
    expect((await other.client.post(api(`/assignments/${s.assignmentId}/attempts`))).statusCode).toBe(409);
    const list = await teacher.get(api(`/assignments/${s.assignmentId}/extensions`));
    expect(list.json().items).toHaveLength(1);
    expect((await audit(s.assignmentId)).some((r) => r.action === "assignment.extension_set")).toBe(true);
    // Bad input changes nothing.
    expect((await teacher.put(api(`/assignments/${s.assignmentId}/extensions/${late.userId}`), {})).statusCode).toBe(
      400,
    );
    const stranger = await addMember(t, org.orgId, "student");
    expect(
      (await teacher.put(api(`/assignments/${s.assignmentId}/extensions/${stranger.userId}`), { extraAttempts: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await teacher.delete(api(`/assignments/${s.assignmentId}/extensions/${late.userId}`))).statusCode).toBe(
      204,
    );
    expect((await teacher.get(api(`/assignments/${s.assignmentId}/extensions/${late.userId}`))).statusCode).toBe(404);
  });

  it("shows the student × item grid with answers and categories, and the same as CSV", async () => {
    const s = await setUp(t, org.orgId, teacher, 2);
    await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    await answer(s.students[1]!.client, org.orgId, s.assignmentId, responsesFor("=HYPERLINK(1)"));
    const res = await teacher.get(api(`/assignments/${s.assignmentId}/responses`));
    expect(res.statusCode).toBe(200);
    const grid = res.json();
    expect(grid.columns.map((c: { itemId: string }) => c.itemId)).toEqual(["q1", "q2", "q3", "q4"]);
    expect(grid.items).toHaveLength(2);
    const row = grid.items.find((r: { student: { id: string } }) => r.student.id === s.students[0]!.userId);
    expect(row.cells.q1).toMatchObject({ score: 0, max: 1, verdict: "incorrect", answer: "went" });
    expect(row.cells.q4).toMatchObject({ score: 1, verdict: "correct", answer: "on", categories: [] });
    const csv = await teacher.get(api(`/assignments/${s.assignmentId}/responses?format=csv`));
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("Past tense of 'go'");
    expect(csv.body).toContain("'=HYPERLINK(1)");
    const student = await s.students[0]!.client.get(api(`/assignments/${s.assignmentId}/responses`));
    expect(student.statusCode).toBe(403);
  });

  it("names items by their prompt, marks figures from fewer than 20 attempts tentative, and exports them as CSV", async () => {
    const s = await setUp(t, org.orgId, teacher, 2);
    await answer(s.students[0]!.client, org.orgId, s.assignmentId, responsesFor("goed"));
    await answer(s.students[1]!.client, org.orgId, s.assignmentId, responsesFor("went"));
    const st = await waitFor(
      async () => (await teacher.get(api(`/assignments/${s.assignmentId}/statistics`))).json(),
      (x) => x.attempts === 2 && x.fresh === true,
    );
    expect(st.tentative).toBe(true);
    expect(st.tentativeReason).toContain("Only 2 attempt(s)");
    const q2 = st.items.find((i: { item: string }) => i.item === "q2");
    expect(q2).toMatchObject({ name: "Plural of 'child'?", tentative: true, n: 2 });
    const csv = await teacher.get(api(`/assignments/${s.assignmentId}/statistics.csv`));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.replace(/^\ufeff/, "").split("\r\n");
    expect(lines[0]?.startsWith("Item,Name,Type,Max,N,Facility")).toBe(true);
    // q1: one of two right by the key ("goed"): facility 0.5.
    expect(lines.find((l) => l.startsWith("q1,"))).toContain(",0.5,");
    expect(csv.body).toContain("Attempts,2");
    const student = await s.students[0]!.client.get(api(`/assignments/${s.assignmentId}/statistics.csv`));
    expect(student.statusCode).toBe(403);
  });
});
