/**
 * A school for the student-loop scenarios, made the way a teacher makes it where that matters (the real API through
 * `app.inject`: sign-up, the 20-item exercise, publishing, classes, assignments) and in bulk SQL where volume matters
 * (students with live sessions, open attempts, past submissions).
 */
import { join } from "node:path";
import { buildApp } from "../../server/src/app.ts";
import { recomputeAssignment } from "../../server/src/modules/insight/statistics.recompute.ts";
import { BENCH_EXERCISE } from "./exercise.ts";
import { addAttempts, addStudents, type BenchDatabase, type BenchStudent } from "./generate.ts";

export interface School {
  orgId: string;
  ownerCookie: string;
  versionId: string;
  /** The class whose students start and submit. */
  classId: string;
  startAssignmentId: string;
  submitAssignmentId: string;
  students: BenchStudent[];
  /** `lc_session=…` per student, same order. */
  cookies: string[];
  /** Open attempts on the submit assignment, one per student (same order), when asked for. */
  openAttempts: string[];
  /** A class of `dashboardStudents` with past assignments and their submissions. */
  dashboardClassId: string;
}

export async function createSchool(
  db: BenchDatabase,
  o: { students: number; openAttempts: boolean; dashboardStudents?: number; dashboardAssignments?: number },
): Promise<School> {
  const app = await buildApp(db.ctx, { webRoot: join(db.ctx.config.DATA_DIR, "no-web") });
  try {
    const call = async (method: "GET" | "POST", url: string, payload?: unknown, cookie?: string) => {
      const res = await app.inject({ method, url, payload: payload as object, headers: cookie ? { cookie } : {} });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    const signup = await call("POST", "/api/v1/auth/signup", {
      organizationName: "Bench School",
      name: "Bench Teacher",
      email: `teacher${Date.now()}@bench.example.org`,
      password: "benchmark password",
    });
    const session = signup.cookies.find((c) => c.name === "lc_session");
    const ownerCookie = `lc_session=${session?.value}`;
    const orgId = (signup.json() as { organization: { id: string } }).organization.id;
    const api = (method: "GET" | "POST", path: string, payload?: unknown) =>
      call(method, `/api/v1/orgs/${orgId}${path}`, payload, ownerCookie).then((r) => r.json() as { id: string });

    const exercise = await api("POST", "/exercises", BENCH_EXERCISE);
    const published = await api("POST", `/exercises/${exercise.id}/publish`);
    const cls = await api("POST", "/classes", { name: "Period 1" });
    const assign = (classId: string, extra: Record<string, unknown> = {}) =>
      api("POST", "/assignments", {
        exerciseId: exercise.id,
        classId,
        maxAttempts: 100,
        feedback: "immediate",
        ...extra,
      });
    const start = await assign(cls.id);
    const submit = await assign(cls.id);

    const { students, cookies } = await addStudents(db, {
      orgId,
      classIds: [cls.id],
      count: o.students,
      tag: "lp",
      sessions: true,
    });
    const openAttempts = o.openAttempts
      ? (
          await addAttempts(db, {
            orgId,
            classId: cls.id,
            assignmentId: submit.id,
            students,
            perStudent: 1,
            status: "in_progress",
            startMs: Date.now() - 600_000,
          })
        ).attemptIds
      : [];

    // The dashboard's class: a real class's size, past assignments (some overdue), most of the work handed in.
    const dash = await api("POST", "/classes", { name: "Period 2" });
    const nDash = o.dashboardAssignments ?? 0;
    if (nDash) {
      const { students: pupils } = await addStudents(db, {
        orgId,
        classIds: [dash.id],
        count: o.dashboardStudents ?? 30,
        tag: "db",
        seed: 3,
      });
      for (let k = 0; k < nDash; k++) {
        const due = new Date(Date.now() + (k - nDash + 2) * 7 * 86_400_000).toISOString();
        const a = await assign(dash.id, { dueAt: due, allowLate: true, maxAttempts: 2 });
        // Everyone but a few hands in; the weakest are the ones who skip.
        const handIn = pupils.filter((p, i) => p.ability > -1.2 || (i + k) % 3 === 0);
        await addAttempts(db, {
          orgId,
          classId: dash.id,
          assignmentId: a.id,
          students: handIn,
          perStudent: 1,
          status: "submitted",
          startMs: Date.parse(due) - 3 * 86_400_000,
          seed: 100 + k,
        });
        await recomputeAssignment(db.ctx, orgId, a.id);
      }
    }
    return {
      orgId,
      ownerCookie,
      versionId: (published as unknown as { id: string }).id,
      classId: cls.id,
      startAssignmentId: start.id,
      submitAssignmentId: submit.id,
      students,
      cookies,
      openAttempts,
      dashboardClassId: dash.id,
    };
  } finally {
    await app.close();
  }
}
