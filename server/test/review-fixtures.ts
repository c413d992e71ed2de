/** A class, an exercise with a mistaken key (published through the API) and helpers to answer and submit. */
import { randomUUID } from "node:crypto";
import { createClassWithStudents } from "./factories.ts";
import type { Client, TestApp } from "./harness.ts";

/** Version 1 has a mistake in q1's key ("goed"); version 2 fixes it ("went"). */
export const KEY_V1 = [
  {
    id: "q1",
    type: "short_answer",
    prompt: "Past tense of 'go': Yesterday I ___ home.",
    generalFeedback: "Irregular verbs are the hard ones.",
    answers: [{ text: "goed", fraction: 1 }],
  },
  { id: "q2", type: "short_answer", prompt: "Plural of 'child'?", answers: [{ text: "children", fraction: 1 }] },
  { id: "q3", type: "true_false", prompt: "London is in England.", answer: true },
  {
    id: "q4",
    type: "gap_fill",
    prompt: "I am [[g1]] the bus.",
    gaps: [{ id: "g1", answers: [{ text: "on", fraction: 1 }] }],
  },
];
export const KEY_V2 = KEY_V1.map((it) => (it.id === "q1" ? { ...it, answers: [{ text: "went", fraction: 1 }] } : it));

export async function publishExercise(teacher: Client, orgId: string, items: unknown[], title = "Irregular past") {
  const base = `/api/v1/orgs/${orgId}/exercises`;
  const created = await teacher.post(base, { title, items });
  if (created.statusCode !== 201) throw new Error(`exercise: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  const pub = await teacher.post(`${base}/${id}/publish`);
  if (pub.statusCode !== 201) throw new Error(`publish: ${pub.statusCode} ${pub.body}`);
  return id;
}

export async function publishNewVersion(teacher: Client, orgId: string, exerciseId: string, items: unknown[]) {
  const base = `/api/v1/orgs/${orgId}/exercises/${exerciseId}`;
  const edit = await teacher.patch(base, { items });
  if (edit.statusCode !== 200) throw new Error(`edit: ${edit.statusCode} ${edit.body}`);
  const pub = await teacher.post(`${base}/publish`);
  if (pub.statusCode !== 201) throw new Error(`publish: ${pub.statusCode} ${pub.body}`);
  return pub.json().version as number;
}

export async function setUp(
  t: TestApp,
  orgId: string,
  teacher: Client,
  n: number,
  assignment: Record<string, unknown> = {},
  items: unknown[] = KEY_V1,
) {
  const exerciseId = await publishExercise(teacher, orgId, items);
  const cls = await createClassWithStudents(t, orgId, teacher, n);
  const res = await teacher.post(`/api/v1/orgs/${orgId}/assignments`, {
    exerciseId,
    classId: cls.classId,
    review: { when: "immediate", show: "answers" },
    maxAttempts: 1,
    ...assignment,
  });
  if (res.statusCode !== 201) throw new Error(`assignment: ${res.statusCode} ${res.body}`);
  return { exerciseId, classId: cls.classId, students: cls.students, assignmentId: res.json().id as string };
}

/** Starts and submits one attempt with these responses; returns the submitted attempt. */
export async function answer(student: Client, orgId: string, assignmentId: string, responses: Record<string, unknown>) {
  const start = await student.post(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`);
  if (start.statusCode !== 201 && start.statusCode !== 200) throw new Error(`start: ${start.statusCode} ${start.body}`);
  const id = start.json().id as string;
  const sub = await student.post(
    `/api/v1/orgs/${orgId}/attempts/${id}/submit`,
    { responses },
    { "idempotency-key": randomUUID() },
  );
  if (sub.statusCode !== 200) throw new Error(`submit: ${sub.statusCode} ${sub.body}`);
  return sub.json() as { id: string; score: number | null; maxScore: number };
}

export const responsesFor = (q1: string, rest: Partial<Record<"q2" | "q3" | "q4", unknown>> = {}) => ({
  q1: { text: q1 },
  q2: rest.q2 ?? { text: "children" },
  q3: rest.q3 ?? { value: true },
  q4: rest.q4 ?? { gaps: { g1: "on" } },
});

export async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting; last value: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
