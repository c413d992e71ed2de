/**
 * The review-and-fix loop in Chromium against the real server: the teacher opens a student's attempt from the
 * responses grid, sets their own score for one question, fixes the key in a new version and regrades the class
 * (progress shown until done); a student sees the right answers once the due date has passed.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launch, shot } from "./support/browser.ts";
import { DESKTOP, expectAccessible, expectFitsPhone, PASSWORD, PHONE } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

const ITEMS = (key: string) => [
  { id: "q1", type: "short_answer", prompt: "Yesterday I ___ (go) home.", answers: [{ text: key, fraction: 1 }] },
  { id: "q2", type: "true_false", prompt: "London is in England.", answer: true },
];

describe.skipIf(!hasChromium)("review, override and regrade in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let teacher: BrowserContext;
  let tp: Page;
  let orgId = "";
  let assignmentId = "";
  let exerciseId = "";
  const students: { email: string; cookie: string; attemptId: string }[] = [];

  async function teacherApi<T>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await tp.request.fetch(`/api/v1/orgs/${orgId}${path}`, { method, data });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
    teacher = await browser.newContext({ baseURL: server.url, viewport: DESKTOP, bypassCSP: true });
    teacher.setDefaultTimeout(15_000);
    tp = await teacher.newPage();
    const signup = await tp.request.post("/api/v1/auth/signup", {
      data: { organizationName: "Review School", name: "Rita Teacher", email: "rita@example.com", password: PASSWORD },
    });
    expect(signup.status()).toBe(201);
    orgId = (await signup.json()).organization.id;
    const ex = await teacherApi<{ id: string }>("POST", "/exercises", { title: "Past simple", items: ITEMS("goed") });
    exerciseId = ex.id;
    await teacherApi("POST", `/exercises/${exerciseId}/publish`);
    const cls = await teacherApi<{ id: string; joinCode: string }>("POST", "/classes", { name: "B1" });
    const a = await teacherApi<{ id: string }>("POST", "/assignments", {
      exerciseId,
      classId: cls.id,
      review: { when: "after_due", show: "answers" },
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    assignmentId = a.id;
    for (const [name, answer] of [
      ["Ana", "went"],
      ["Ben", "goed"],
    ] as const) {
      const email = `${name.toLowerCase()}@example.com`;
      const join = await fetch(`${server.url}/api/v1/auth/join`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: cls.joinCode, name, email, password: PASSWORD }),
      });
      expect(join.status).toBe(201);
      const cookie = (join.headers.get("set-cookie") ?? "").split(";")[0] as string;
      const start = await fetch(`${server.url}/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`, {
        method: "POST",
        headers: { cookie },
      });
      const attemptId = ((await start.json()) as { id: string }).id;
      const submit = await fetch(`${server.url}/api/v1/orgs/${orgId}/attempts/${attemptId}/submit`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", "idempotency-key": `review-e2e-${name}` },
        body: JSON.stringify({ responses: { q1: { text: answer }, q2: { value: true } } }),
      });
      expect(submit.status).toBe(200);
      students.push({ email, cookie, attemptId });
    }
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    await shot(tp, "review-failed").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens a student's attempt from the grid and overrides one score", async () => {
    await tp.goto(`/o/${orgId}/assignments/${assignmentId}/review`);
    await tp.getByRole("heading", { name: "Responses" }).waitFor();
    await expectAccessible(tp, "responses grid");
    await tp.getByRole("link", { name: "Ana" }).click();
    await tp.waitForURL(new RegExp(`/attempts/${students[0]!.attemptId}$`));
    await tp.getByText("Score 1 / 2").waitFor();
    const form = tp.getByRole("form", { name: /Change the score of Yesterday I/ });
    await form.getByLabel("Score").fill("1");
    await form.getByLabel("Comment for the student").fill("'went' is right: the key was wrong");
    await form.getByRole("button", { name: "Set score" }).click();
    await tp.getByText("Score 2 / 2").waitFor();
    await tp.getByRole("button", { name: "Back to the automatic 0" }).waitFor();
    await expectAccessible(tp, "attempt review");
    await shot(tp, "review-attempt");
  });

  it("fixes the key in a new version and regrades the class with progress", async () => {
    await teacherApi("PATCH", `/exercises/${exerciseId}`, { items: ITEMS("went") });
    await teacherApi("POST", `/exercises/${exerciseId}/publish`);
    await tp.goto(`/o/${orgId}/assignments/${assignmentId}/review`);
    await tp.getByRole("button", { name: "Regrade with version 2" }).click();
    await tp.getByText(/Done: 2 attempt\(s\) regraded with version 2/).waitFor();
    // Ben's "goed" is wrong under the fixed key; Ana keeps her point (the override stands, now agreeing).
    const grid = await teacherApi<{ items: { student: { name: string }; score: number }[] }>(
      "GET",
      `/assignments/${assignmentId}/responses`,
    );
    expect(Object.fromEntries(grid.items.map((r) => [r.student.name, r.score]))).toEqual({ Ana: 2, Ben: 1 });
    await tp.getByText("1 / 2").first().waitFor();
    await expectFitsPhone(tp, "responses grid");
    await shot(tp, "review-regraded");
  });

  it("shows a student the right answers once the due date has passed", async () => {
    await teacherApi("PATCH", `/assignments/${assignmentId}`, { dueAt: new Date(Date.now() - 60_000).toISOString() });
    const student = await browser.newContext({ baseURL: server.url, viewport: PHONE, bypassCSP: true });
    const sp = await student.newPage();
    await sp.goto("/login");
    await sp.getByLabel("Email").fill(students[1]!.email);
    await sp.getByLabel("Password").fill(PASSWORD);
    await sp.getByRole("button", { name: "Log in" }).click();
    await sp.waitForURL(/\/my$/);
    await sp.goto(`/o/${orgId}/attempts/${students[1]!.attemptId}`);
    await sp.getByText("Your score: 1 / 2.").waitFor();
    await sp.getByText(/expected “went”/).waitFor();
    await expectAccessible(sp, "student result");
    await student.close();
  });
});
