/**
 * The demo organization of the embedded mode: on the first start of an empty SQLite database, a teacher, a class,
 * a published exercise and eight students' submitted attempts, so that every page has something to show. It goes
 * through the real HTTP API (validation, grading, events and analytics included), never around it.
 */
import type { App } from "../app.ts";
import type { AppContext } from "../context.ts";
import { quietly } from "../lib/quiet-requests.ts";
import { DEMO_EXERCISE, DEMO_STUDENTS } from "./demo-content.ts";

export const DEMO_TEACHER = { email: "teacher@demo.languagecloud.test", password: "demo-teacher-password" };
const STUDENT_PASSWORD = "demo-student-password";

export interface DemoInfo {
  teacherEmail: string;
  teacherPassword: string;
  joinCode: string;
}

/** Creates the demo unless the database already has an organization; returns what to tell the person. */
export async function seedDemo(ctx: AppContext, app: App): Promise<DemoInfo | null> {
  return quietly(() => seed(ctx, app));
}

async function seed(ctx: AppContext, app: App): Promise<DemoInfo | null> {
  const any = await ctx.database.db.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
  if (any) return null;

  let cookie = "";
  const call = async (method: "GET" | "POST" | "PUT", url: string, payload?: unknown, headers = {}) => {
    const res = await app.inject({ method, url, payload: payload as object, headers: { cookie, ...headers } });
    const set = res.cookies.find((c) => c.name === "lc_session");
    if (set) cookie = `lc_session=${set.value}`;
    if (res.statusCode >= 300) throw new Error(`demo: ${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown> & { id: string };
  };

  const signup = await call("POST", "/api/v1/auth/signup", {
    organizationName: "Demo School",
    name: "Dana Demo",
    ...DEMO_TEACHER,
  });
  const orgId = (signup.organization as { id: string }).id;
  const base = `/api/v1/orgs/${orgId}`;
  const exercise = await call("POST", `${base}/exercises`, DEMO_EXERCISE);
  await call("POST", `${base}/exercises/${exercise.id}/publish`);
  const cls = await call("POST", `${base}/classes`, { name: "A2 Morning group", description: "Demo class" });
  const assignment = await call("POST", `${base}/assignments`, {
    exerciseId: exercise.id,
    classId: cls.id,
    feedback: "immediate",
    dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  const teacherCookie = cookie;

  for (const [i, student] of DEMO_STUDENTS.entries()) {
    cookie = "";
    const email = `student${i + 1}@demo.languagecloud.test`;
    await call("POST", "/api/v1/auth/join", {
      code: cls.joinCode,
      name: student.name,
      email,
      password: STUDENT_PASSWORD,
    });
    const attempt = await call("POST", `${base}/assignments/${assignment.id}/attempts`);
    await call(
      "POST",
      `${base}/attempts/${attempt.id}/submit`,
      { responses: student.responses },
      { "idempotency-key": `demo-${i}` },
    );
  }
  cookie = teacherCookie;
  return { teacherEmail: DEMO_TEACHER.email, teacherPassword: DEMO_TEACHER.password, joinCode: String(cls.joinCode) };
}
