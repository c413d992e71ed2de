/**
 * The school and its simulated students. A teacher signs up, writes and publishes a five-item exercise, opens a
 * class and one assignment per phase; students join with the class code. A student's cycle is what a pupil does:
 * start an attempt, autosave an answer, submit with an `Idempotency-Key`, retrying the same key on a network error,
 * a 5xx or `request_in_progress` (as the web app does) until it is acknowledged or its deadline passes.
 * Everything is bounded: students, concurrency, cycles and time.
 */
import { randomUUID } from "node:crypto";
import { sleep } from "../own-services.ts";
import { type Answer, type Http, sessionCookie } from "./http.ts";

/** Five one-point items; each student answers each one right with probability 0.7. */
export const EXERCISE = {
  title: "Cluster: present and past",
  instructions: "Answer every question.",
  items: [
    {
      id: "mc",
      type: "multiple_choice",
      prompt: "She ___ to school every day.",
      options: [
        { id: "a", text: "go", fraction: 0 },
        { id: "b", text: "goes", fraction: 1 },
        { id: "c", text: "going", fraction: 0 },
      ],
    },
    { id: "tf", type: "true_false", prompt: "London is in France.", answer: false },
    { id: "sa", type: "short_answer", prompt: "Past of 'go'?", answers: [{ text: "went", fraction: 1 }] },
    { id: "num", type: "numerical", prompt: "Days in a week?", answers: [{ value: 7, tolerance: 0, fraction: 1 }] },
    {
      id: "gap",
      type: "gap_fill",
      prompt: "He [[g1]] to work by bus.",
      gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1 }] }],
    },
  ],
};
const ANSWERS: Record<string, [right: unknown, wrong: unknown]> = {
  mc: [{ selected: ["b"] }, { selected: ["c"] }],
  tf: [{ value: false }, { value: true }],
  sa: [{ text: "went" }, { text: "table" }],
  num: [{ value: 7 }, { value: 12 }],
  gap: [{ gaps: { g1: "goes" } }, { gaps: { g1: "table" } }],
};

export interface Student {
  i: number;
  email: string;
  password: string;
  cookie: string;
  userId: string;
}

export interface School {
  orgId: string;
  teacherEmail: string;
  teacherCookie: string;
  classId: string;
  joinCode: string;
  /** One assignment per phase, by phase name. */
  assignments: Map<string, string>;
  students: Student[];
}

async function ok(a: Promise<Answer>, want: number[], what: string): Promise<Answer> {
  const r = await a;
  if (!want.includes(r.status)) throw new Error(`${what}: ${r.status} ${r.code} ${r.body.slice(0, 300)}`);
  return r;
}

/** Retries `call` on what a retry can cure (no answer, 5xx, 429) until `ms` passed. */
async function retrying(call: () => Promise<Answer>, ms: number): Promise<Answer> {
  const deadline = Date.now() + ms;
  let backoff = 100;
  for (;;) {
    const r = await call();
    const retryable = r.status === 0 || r.status >= 500 || r.status === 429 || r.code === "request_in_progress";
    if (!retryable || Date.now() > deadline) return r;
    const after = Number(r.headers.get("retry-after"));
    await sleep(Math.min(1000, after > 0 ? after * 1000 : backoff));
    backoff = Math.min(1000, backoff * 2);
  }
}

export async function createSchool(http: Http, runId: string, phases: string[]): Promise<School> {
  const teacherEmail = `teacher-${runId}@example.org`;
  const signup = await ok(
    http.call("POST", "/api/v1/auth/signup", {
      body: {
        organizationName: `Cluster school ${runId}`,
        name: "Cluster Teacher",
        email: teacherEmail,
        password: "cluster teacher password",
      },
      what: "signup",
    }),
    [201],
    "sign-up",
  );
  const teacherCookie = sessionCookie(signup);
  const orgId = signup.json<{ organization: { id: string } }>().organization.id;
  const api = (method: string, path: string, body?: unknown) =>
    ok(http.call(method, `/api/v1/orgs/${orgId}${path}`, { body, cookie: teacherCookie }), [200, 201], path);
  const exercise = (await api("POST", "/exercises", EXERCISE)).json<{ id: string }>();
  await api("POST", `/exercises/${exercise.id}/publish`);
  const cls = (await api("POST", "/classes", { name: `Period ${runId}` })).json<{ id: string; joinCode: string }>();
  const assignments = new Map<string, string>();
  for (const phase of phases) {
    const a = await api("POST", "/assignments", {
      exerciseId: exercise.id,
      classId: cls.id,
      title: `Cluster ${phase}`,
      maxAttempts: 100,
      feedback: "immediate",
    });
    assignments.set(phase, a.json<{ id: string }>().id);
  }
  return {
    orgId,
    teacherEmail,
    teacherCookie,
    classId: cls.id,
    joinCode: cls.joinCode,
    assignments,
    students: [],
  };
}

/** A new student joins the class (a new account, unique to this run). */
export async function joinStudent(http: Http, school: School, runId: string, i: number, ms = 20_000) {
  const email = `student-${runId}-${i}@example.org`;
  const password = `student password ${i}`;
  const r = await retrying(
    () =>
      http.call("POST", "/api/v1/auth/join", {
        body: { code: school.joinCode, name: `Student ${i}`, email, password },
        what: "join",
      }),
    ms,
  );
  // A retried join whose first try did create the account answers 201 again (an existing account joins).
  if (r.status !== 201) return { ok: false as const, answer: r };
  const student: Student = {
    i,
    email,
    password,
    cookie: sessionCookie(r),
    userId: r.json<{ user: { id: string } }>().user.id,
  };
  return { ok: true as const, answer: r, student };
}

export async function login(http: Http, email: string, password: string, ms = 20_000) {
  return retrying(() => http.call("POST", "/api/v1/auth/login", { body: { email, password }, what: "login" }), ms);
}

export interface Ack {
  phase: string;
  attemptId: string;
  userId: string;
  score: number;
  expected: number;
  /** From the first failed try of the submit to its acknowledgement (0 when the first try was answered). */
  retryWaitMs: number;
  tries: number;
}

export interface WaveResult {
  acks: Ack[];
  /** Submits never acknowledged within their deadline (the student would see an error). */
  unacknowledged: number;
  /** Starts or autosaves that failed after their retries. */
  failedSteps: number;
  /** 4xx answers a correct client should never get (other than request_in_progress), by code. */
  refusals: Map<string, number>;
  /** A student's own read right after the submit that did not show it (GET attempt, GET /me/assignments). */
  staleOwnReads: number;
  ownReads: number;
  cycles: number;
}

export interface WaveOptions {
  phase: string;
  students: Student[];
  /** Cycles at once (students "at their desk"). */
  concurrency: number;
  /** Stop starting cycles once this returns true. */
  stop: () => boolean;
  maxCyclesPerStudent: number;
  /** After each acknowledged submit, read it back as the student (read-your-writes). */
  readBack?: boolean;
  submitDeadlineMs?: number;
}

/** Students work the phase's assignment until `stop()` or their cycle budget; resolves when all are done. */
export async function runWave(http: Http, school: School, o: WaveOptions): Promise<WaveResult> {
  const assignmentId = school.assignments.get(o.phase);
  if (!assignmentId) throw new Error(`no assignment for phase ${o.phase}`);
  const result: WaveResult = {
    acks: [],
    unacknowledged: 0,
    failedSteps: 0,
    refusals: new Map(),
    staleOwnReads: 0,
    ownReads: 0,
    cycles: 0,
  };
  const refuse = (a: Answer, what: string) => {
    const k = `${what} ${a.status} ${a.code}`;
    result.refusals.set(k, (result.refusals.get(k) ?? 0) + 1);
  };
  const base = `/api/v1/orgs/${school.orgId}`;
  let free = o.concurrency;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (free > 0) {
      free--;
      return;
    }
    await new Promise<void>((r) => waiting.push(r));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };

  const cycle = async (s: Student) => {
    result.cycles++;
    const started = await retrying(
      () => http.call("POST", `${base}/assignments/${assignmentId}/attempts`, { cookie: s.cookie, what: "start" }),
      30_000,
    );
    if (started.status !== 201 && started.status !== 200) {
      if (started.status >= 400 && started.status < 500) refuse(started, "start");
      result.failedSteps++;
      return;
    }
    const attemptId = started.json<{ id: string }>().id;
    const responses: Record<string, unknown> = {};
    let expected = 0;
    for (const [item, [right, wrong]] of Object.entries(ANSWERS)) {
      const isRight = Math.random() < 0.7;
      responses[item] = isRight ? right : wrong;
      if (isRight) expected++;
    }
    const saved = await retrying(
      () =>
        http.call("PUT", `${base}/attempts/${attemptId}/responses/mc`, {
          cookie: s.cookie,
          body: { response: responses.mc },
          what: "autosave",
        }),
      30_000,
    );
    if (saved.status !== 200) {
      if (saved.status >= 400 && saved.status < 500) refuse(saved, "autosave");
      result.failedSteps++;
    }
    const key = randomUUID();
    const first = Date.now();
    let failedAt = 0;
    let tries = 0;
    let backoff = 100;
    const deadline = first + (o.submitDeadlineMs ?? 45_000);
    for (;;) {
      tries++;
      const r = await http.call("POST", `${base}/attempts/${attemptId}/submit`, {
        cookie: s.cookie,
        body: { responses },
        headers: { "idempotency-key": key },
        what: "submit",
      });
      if (r.status === 200) {
        const score = Number(r.json<{ score: number }>().score);
        result.acks.push({
          phase: o.phase,
          attemptId,
          userId: s.userId,
          score,
          expected,
          retryWaitMs: failedAt ? Date.now() - failedAt : 0,
          tries,
        });
        if (o.readBack) await readBack(s, attemptId, score);
        return;
      }
      const retryable = r.status === 0 || r.status >= 500 || r.status === 429 || r.code === "request_in_progress";
      if (!retryable) {
        refuse(r, "submit");
        result.unacknowledged++;
        return;
      }
      failedAt ||= Date.now();
      if (Date.now() > deadline) {
        result.unacknowledged++;
        return;
      }
      const after = Number(r.headers.get("retry-after"));
      await sleep(Math.min(1000, after > 0 ? after * 1000 : backoff));
      backoff = Math.min(1000, backoff * 2);
    }
  };

  // What the student sees right after the submit: the attempt itself, and the assignment in their list.
  const readBack = async (s: Student, attemptId: string, score: number) => {
    const attempt = await retrying(
      () => http.call("GET", `${base}/attempts/${attemptId}`, { cookie: s.cookie, what: "read own attempt" }),
      10_000,
    );
    result.ownReads++;
    const a = attempt.status === 200 ? attempt.json<{ status: string; score: number | null }>() : null;
    if (a?.status !== "submitted" || Number(a.score) !== score) result.staleOwnReads++;
    const list = await retrying(
      () => http.call("GET", `${base}/me/assignments?limit=100`, { cookie: s.cookie, what: "read own assignments" }),
      10_000,
    );
    result.ownReads++;
    const mine =
      list.status === 200
        ? list
            .json<{ items: { id: string; lastAttemptId: string | null }[] }>()
            .items.find((x) => x.id === assignmentId)
        : undefined;
    if (mine?.lastAttemptId !== attemptId) result.staleOwnReads++;
  };

  await Promise.all(
    o.students.map(async (s, k) => {
      // Students arrive over the first second rather than all in the same millisecond.
      await sleep((k * 1000) / o.students.length);
      for (let c = 0; c < o.maxCyclesPerStudent && !o.stop(); c++) {
        await acquire();
        try {
          await cycle(s);
        } finally {
          release();
        }
        await sleep(200 + Math.random() * 400);
      }
    }),
  );
  return result;
}
