/**
 * Who may reach what in the student loop: students only their own attempts and their classes' assignments, never
 * the gradebook or the grading queue; teachers their organization's classes; other organizations nothing (404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssignment, createClassWithStudents, createPublishedExercise } from "./factories.ts";
import { addMember, type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("student loop permissions on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let classA: Awaited<ReturnType<typeof createClassWithStudents>>;
  let classB: Awaited<ReturnType<typeof createClassWithStudents>>;
  let assignmentA: string;
  let attemptA0: string;
  let responseA0: string;
  let stranger: { client: Client; orgId: string };
  const base = () => `/api/v1/orgs/${orgId}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
    const ex = await createPublishedExercise(t, orgId);
    classA = await createClassWithStudents(t, orgId, teacher, 2, "Class A");
    classB = await createClassWithStudents(t, orgId, teacher, 1, "Class B");
    assignmentA = (await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: classA.classId })).id;
    const s0 = classA.students[0]!.client;
    attemptA0 = (await s0.post(`${base()}/assignments/${assignmentA}/attempts`)).json().id;
    await s0.post(
      `${base()}/attempts/${attemptA0}/submit`,
      { responses: { essay: { text: "My town." } } },
      { "idempotency-key": "perm-1" },
    );
    responseA0 = (await teacher.get(`${base()}/assignments/${assignmentA}/grading`)).json().items[0].responseId;
    const s = await signUp(t.app, { organizationName: "Stranger School" });
    stranger = { client: s.client, orgId: s.orgId };
  });
  afterAll(async () => t?.close());

  it("lets a student read only their own attempts", async () => {
    const owner = classA.students[0]!.client;
    const classmate = classA.students[1]!.client;
    const otherClass = classB.students[0]!.client;
    expect((await owner.get(`${base()}/attempts/${attemptA0}`)).statusCode).toBe(200);
    expect((await classmate.get(`${base()}/attempts/${attemptA0}`)).statusCode).toBe(404);
    expect((await otherClass.get(`${base()}/attempts/${attemptA0}`)).statusCode).toBe(404);
    expect(
      (await classmate.post(`${base()}/attempts/${attemptA0}/submit`, {}, { "idempotency-key": "perm-x" })).statusCode,
    ).toBe(404);
    expect(
      (await classmate.put(`${base()}/attempts/${attemptA0}/responses/sa`, { response: { text: "x" } })).statusCode,
    ).toBe(404);
    expect((await teacher.get(`${base()}/attempts/${attemptA0}`)).statusCode).toBe(200);
  });

  it("shows students only the assignments of their classes", async () => {
    const otherClass = classB.students[0]!.client;
    expect((await otherClass.get(`${base()}/assignments/${assignmentA}`)).statusCode).toBe(404);
    expect((await otherClass.post(`${base()}/assignments/${assignmentA}/attempts`)).statusCode).toBe(404);
    const mine = (await otherClass.get(`${base()}/me/assignments`)).json();
    expect(mine.items.map((a: { id: string }) => a.id)).not.toContain(assignmentA);
  });

  it("never gives students the gradebook, the grading queue, the attempt list or teacher actions", async () => {
    const s = classA.students[0]!.client;
    for (const [method, url, body] of [
      ["GET", `${base()}/classes/${classA.classId}/gradebook.csv`],
      ["GET", `${base()}/assignments/${assignmentA}/grading`],
      ["GET", `${base()}/assignments/${assignmentA}/attempts`],
      ["GET", `${base()}/assignments?classId=${classA.classId}`],
      ["PUT", `${base()}/responses/${responseA0}/grade`, { score: 5 }],
      ["POST", `${base()}/classes`, { name: "Mine" }],
      ["GET", `${base()}/classes/${classA.classId}/students`],
      ["POST", `${base()}/classes/${classA.classId}/join-code`, {}],
      ["PATCH", `${base()}/assignments/${assignmentA}`, { maxAttempts: 9 }],
      ["DELETE", `${base()}/assignments/${assignmentA}`],
    ] as const) {
      const res = await s.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it("answers 404 to another organization for every object, on either organization's path", async () => {
    const own = `/api/v1/orgs/${stranger.orgId}`;
    for (const prefix of [own, base()]) {
      for (const [method, url, body] of [
        ["GET", `${prefix}/classes/${classA.classId}`],
        ["GET", `${prefix}/classes/${classA.classId}/students`],
        ["GET", `${prefix}/classes/${classA.classId}/gradebook.csv`],
        ["DELETE", `${prefix}/classes/${classA.classId}`],
        ["GET", `${prefix}/assignments/${assignmentA}`],
        ["PATCH", `${prefix}/assignments/${assignmentA}`, { maxAttempts: 2 }],
        ["GET", `${prefix}/assignments/${assignmentA}/attempts`],
        ["GET", `${prefix}/assignments/${assignmentA}/grading`],
        ["GET", `${prefix}/attempts/${attemptA0}`],
        ["PUT", `${prefix}/responses/${responseA0}/grade`, { score: 1 }],
      ] as const) {
        const res = await stranger.client.request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    expect((await teacher.get(`${base()}/classes/${classA.classId}`)).statusCode).toBe(200);
  });

  it("cuts a removed student off the class's assignments but leaves them their own attempts", async () => {
    const removed = classA.students[1]!;
    const started = await removed.client.post(`${base()}/assignments/${assignmentA}/attempts`);
    expect(started.statusCode).toBe(201);
    await teacher.delete(`${base()}/classes/${classA.classId}/students/${removed.userId}`);
    expect((await removed.client.get(`${base()}/assignments/${assignmentA}`)).statusCode).toBe(404);
    expect((await removed.client.get(`${base()}/attempts/${started.json().id}`)).statusCode).toBe(200);
    const mine = (await removed.client.get(`${base()}/me/assignments`)).json();
    expect(mine.items).toEqual([]);
  });
});
