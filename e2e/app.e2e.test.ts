/**
 * The product's three loops in a real browser against the real server: a teacher signs up, writes and publishes
 * an exercise (multiple choice, typed gap fill, short answer), makes a class and an assignment; a student joins on
 * a phone, answers (autosave survives a reload), submits and sees feedback; more students submit; the teacher
 * reads the statistics and the error pattern. Every main page is checked with axe-core, the student pages for
 * horizontal scrolling at 390 px, and each step leaves a screenshot in e2e/screenshots/.
 *
 * DOCS_SCREENSHOTS=1 also writes the README's pictures to docs/screenshots/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { docShot, hasChromium, launch, shot } from "./support/browser.ts";
import { DESKTOP, expectAccessible, expectNoHorizontalScroll, PASSWORD, PHONE } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

/** A student who joins and submits through the API (as the web app would), to give the statistics some data. */
async function studentSubmits(
  url: string,
  code: string,
  n: number,
  answers: { choice: "right" | "wrong"; gap: string; text: string },
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const join = await fetch(`${url}/api/v1/auth/join`, {
    method: "POST",
    headers,
    body: JSON.stringify({ code, name: `Student ${n}`, email: `student${n}@example.com`, password: PASSWORD }),
  });
  expect(join.status, await join.clone().text()).toBe(201);
  const joined = (await join.json()) as { organization: { id: string } };
  headers.cookie = (join.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const orgId = joined.organization.id;
  const mine = (await (await fetch(`${url}/api/v1/orgs/${orgId}/me/assignments`, { headers })).json()) as {
    items: { id: string }[];
  };
  const assignmentId = mine.items[0]?.id;
  const start = await fetch(`${url}/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`, {
    method: "POST",
    headers: { cookie: headers.cookie as string },
  });
  expect(start.status, await start.clone().text()).toBe(201);
  const attempt = (await start.json()) as {
    id: string;
    exercise: { items: { id: string; type: string; options?: { id: string; text: string }[] }[] };
  };
  const responses: Record<string, unknown> = {};
  for (const item of attempt.exercise.items) {
    if (item.type === "multiple_choice") {
      const right = item.options?.find((o) => o.text === "went");
      const wrong = item.options?.find((o) => o.text !== "went");
      responses[item.id] = { selected: [(answers.choice === "right" ? right : wrong)?.id] };
    } else if (item.type === "gap_fill") responses[item.id] = { gaps: { g1: answers.gap } };
    else if (item.type === "short_answer") responses[item.id] = { text: answers.text };
  }
  const submit = await fetch(`${url}/api/v1/orgs/${orgId}/attempts/${attempt.id}/submit`, {
    method: "POST",
    headers: { ...headers, "idempotency-key": `e2e-${n}` },
    body: JSON.stringify({ responses }),
  });
  expect(submit.status, await submit.clone().text()).toBe(200);
}

describe.skipIf(!hasChromium)("Language Cloud in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let teacher: BrowserContext;
  let student: BrowserContext;
  let tp: Page;
  let sp: Page;
  let orgId = "";
  let joinCode = "";
  let assignmentUrl = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
    teacher = await browser.newContext({ baseURL: server.url, viewport: DESKTOP, bypassCSP: true });
    student = await browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      // axe-core is injected as an inline script, which the app's Content-Security-Policy rightly forbids.
      bypassCSP: true,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    teacher.setDefaultTimeout(15_000);
    student.setDefaultTimeout(15_000);
    tp = await teacher.newPage();
    sp = await student.newPage();
  });

  afterEach(async (ctx) => {
    // What the pages showed when a step failed.
    if (ctx.task.result?.state !== "fail") return;
    await shot(tp, "failed-teacher").catch(() => undefined);
    await shot(sp, "failed-student").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows an accessible log-in page", async () => {
    await tp.goto("/login");
    await tp.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(tp, "log-in page");
    await shot(tp, "login");
  });

  it("signs a teacher up", async () => {
    await tp.goto("/signup");
    await tp.getByLabel("Organization name").fill("Riverside English School");
    await expectAccessible(tp, "sign-up page");
    await tp.getByLabel("Your name").fill("Tess Teacher");
    await tp.getByLabel("Email").fill("tess@example.com");
    await tp.getByLabel("Password").fill(PASSWORD);
    await shot(tp, "signup");
    await tp.getByRole("button", { name: "Sign up" }).click();
    await tp.waitForURL(/\/o\/[^/]+\/library$/);
    orgId = /\/o\/([^/]+)\//.exec(tp.url())?.[1] ?? "";
    await tp.getByRole("heading", { name: "Content library" }).waitFor();
    await expectAccessible(tp, "library");
    await shot(tp, "library-empty");
  });

  it("writes an exercise with three item types and publishes it", async () => {
    await tp
      .getByRole("link", { name: /new exercise/i })
      .first()
      .click();
    await tp.waitForURL(/\/exercises\/new$/);
    await tp.getByLabel("Title", { exact: true }).fill("Past simple: irregular verbs");

    // 1. Multiple choice
    await tp.getByLabel("New item type").selectOption("multiple_choice");
    await tp.getByRole("button", { name: "Add item" }).click();
    await tp.getByLabel("Prompt").fill("Yesterday I ___ to the cinema.");
    await tp.getByLabel("Option a").fill("went");
    await tp.getByLabel("Option b").fill("goed");
    await expectAccessible(tp, "editor");
    await shot(tp, "editor-multiple-choice");

    // 2. Gap fill, typed
    await tp.getByLabel("New item type").selectOption("gap_fill");
    await tp.getByRole("button", { name: "Add item" }).click();
    await tp.getByLabel("Prompt").fill("Last summer she [[g1]] to Spain.");
    await tp.getByLabel("Answer 1").fill("went");
    await shot(tp, "editor-gap-fill");

    // 3. Short answer
    await tp.getByLabel("New item type").selectOption("short_answer");
    await tp.getByRole("button", { name: "Add item" }).click();
    await tp.getByLabel("Prompt").fill("Write the past simple of “buy”.");
    await tp.getByLabel("Answer 1").fill("bought");
    await shot(tp, "editor-short-answer");

    await tp.getByRole("button", { name: "Publish" }).click();
    await tp.getByText(/Published as version 1/).waitFor();
    await expectAccessible(tp, "editor after publishing");
    await shot(tp, "editor-published");
  });

  it("creates a class and assigns the exercise", async () => {
    await tp.goto(`/o/${orgId}/classes`);
    await tp.getByLabel("Class name").fill("B1 Tuesday evening");
    await tp.getByRole("button", { name: "Create class" }).click();
    await tp.getByRole("link", { name: "B1 Tuesday evening" }).click();
    await tp.getByRole("heading", { name: "B1 Tuesday evening", level: 1 }).waitFor();
    joinCode = ((await tp.locator(".join-code").first().textContent()) ?? "").replace(/\s/g, "");
    expect(joinCode).toMatch(/^[2-9A-Z]{8}$/);
    await tp.getByRole("link", { name: "Assignments", exact: true }).click();
    await tp.getByLabel("Exercise", { exact: true }).selectOption({ label: "Past simple: irregular verbs" });
    await tp.getByRole("button", { name: "Create assignment" }).click();
    const stats = tp.getByRole("link", { name: /statistics/i }).first();
    await stats.waitFor();
    assignmentUrl = (await stats.getAttribute("href")) ?? "";
    expect(assignmentUrl).toMatch(/\/assignments\/[^/]+\/statistics$/);
    await expectAccessible(tp, "class page");
    await shot(tp, "class-assignments");
  });

  it("lets a student join on a phone, answer, autosave, submit and see feedback", async () => {
    await sp.goto("/join");
    await sp.getByLabel("Class code").fill(joinCode);
    await sp.getByLabel("Your name").fill("Sam Student");
    await sp.getByLabel("Email").fill("sam@example.com");
    await sp.getByLabel("Password").fill(PASSWORD);
    await expectAccessible(sp, "join page");
    await expectNoHorizontalScroll(sp);
    await shot(sp, "student-join");
    await sp.getByRole("button", { name: "Join class" }).click();
    await sp.waitForURL(/\/my$/);
    await sp.getByRole("heading", { name: "Past simple: irregular verbs" }).waitFor();
    await expectAccessible(sp, "my assignments");
    await expectNoHorizontalScroll(sp);
    await shot(sp, "student-assignments");

    await sp.getByRole("button", { name: /start/i }).click();
    await sp.waitForURL(/\/attempts\//);
    await sp.getByRole("radio", { name: "went" }).check();
    await sp.getByLabel("Gap 1 of 1").fill("go");
    await sp.getByRole("textbox", { name: "Your answer" }).fill("bougth");
    await sp.getByText("Saved", { exact: true }).waitFor();
    await expectAccessible(sp, "player");
    await expectNoHorizontalScroll(sp);
    await shot(sp, "player-answered");
    await sp.evaluate(() => window.scrollTo(0, 0));
    await docShot(sp, "student-player");

    // The answers come back from the server, not from the browser's backup copy.
    await sp.evaluate(() => localStorage.clear());
    await sp.reload();
    await expect.poll(() => sp.getByRole("textbox", { name: "Your answer" }).inputValue()).toBe("bougth");
    expect(await sp.getByLabel("Gap 1 of 1").inputValue()).toBe("go");
    expect(await sp.getByRole("radio", { name: "went" }).isChecked()).toBe(true);
    await shot(sp, "player-after-reload");

    await sp.getByRole("button", { name: "Submit" }).click();
    const dialog = sp.getByRole("dialog", { name: "Submit your answers?" });
    await dialog.getByText("You answered 3 of 3").waitFor();
    await shot(sp, "player-confirm");
    await dialog.getByRole("button", { name: "Submit" }).click();
    await sp.getByText(/Your score:/).waitFor();
    await expectAccessible(sp, "player with feedback");
    await expectNoHorizontalScroll(sp);
    await shot(sp, "player-feedback");

    await sp.getByRole("link", { name: "Back to my assignments" }).click();
    await sp.getByRole("button", { name: /see result/i }).click();
    await sp.getByText(/Your score:/).waitFor();
  });

  it("shows the teacher the statistics and the error pattern", async () => {
    // Four more students, so the figures mean something.
    await studentSubmits(server.url, joinCode, 2, { choice: "right", gap: "went", text: "bought" });
    await studentSubmits(server.url, joinCode, 3, { choice: "right", gap: "goed", text: "bought" });
    await studentSubmits(server.url, joinCode, 4, { choice: "wrong", gap: "go", text: "buyed" });
    await studentSubmits(server.url, joinCode, 5, { choice: "right", gap: "went", text: "bougt" });

    await tp.goto(assignmentUrl);
    await tp.getByRole("heading", { name: /Statistics: Past simple/ }).waitFor();
    await tp.getByText(/from 5 attempts/).waitFor({ timeout: 20_000 });
    // The answer details (option shares, answers given) follow from the full recompute a few seconds later.
    await tp.getByRole("table", { name: "Option distribution" }).waitFor({ timeout: 30_000 });
    await tp.getByRole("table", { name: "Answers given" }).first().waitFor();
    await tp.getByRole("heading", { name: "Error patterns" }).waitFor();
    const patterns = tp.getByRole("list", { name: "Mistakes by category" });
    await patterns.waitFor();
    expect(await patterns.locator("li").count()).toBeGreaterThan(0);
    await expectAccessible(tp, "statistics");
    await shot(tp, "teacher-statistics");
    await tp.getByRole("heading", { name: "Items" }).evaluate((h) => h.scrollIntoView({ block: "start" }));
    await docShot(tp, "teacher-statistics");
  });
});
