/**
 * Issue 18 on a 390 × 844 phone against the real server: a student's practice queue fills from their own
 * mistakes (and only theirs), they practise by keyboard (type, Check, the rating in words, Next); the teacher reads
 * "What to reteach" and assigns a suggested library exercise from it in one press, which the students then see.
 * Every page: axe-core clean, nothing scrolls sideways, no uncaught error.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launch, shot } from "./support/browser.ts";
import { expectAccessible, expectNoHorizontalScroll, PASSWORD, PHONE } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

const PAST = [
  {
    id: "go",
    type: "short_answer",
    prompt: "Yesterday I ___ (go) to school.",
    answers: [{ text: "went", fraction: 1 }],
  },
  {
    id: "buy",
    type: "short_answer",
    prompt: "Last week she ___ (buy) a bike.",
    answers: [{ text: "bought", fraction: 1 }],
  },
  {
    id: "see",
    type: "short_answer",
    prompt: "We ___ (see) a film on Sunday.",
    answers: [{ text: "saw", fraction: 1 }],
  },
];
const DRILL = "Irregular past: more practice";

describe.skipIf(!hasChromium)("practice and what to reteach on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let teacher: BrowserContext;
  let student: BrowserContext;
  let tp: Page;
  let sp: Page;
  const errors: string[] = [];
  let orgId = "";
  let classId = "";
  let drillId = "";

  const phone = () =>
    browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      bypassCSP: true, // axe-core is injected as an inline script
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });

  async function check(page: Page, what: string) {
    await expectAccessible(page, what);
    await expectNoHorizontalScroll(page);
    await shot(page, `practice-${what.replace(/\W+/g, "-")}`);
  }

  async function teacherApi<T>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await tp.request.fetch(`/api/v1/orgs/${orgId}${path}`, { method, data });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  /** A student joins with the code and submits `answers` (item id → text) to the assignment, over the API. */
  async function joinAndSubmit(joinCode: string, name: string, assignmentId: string, answers: Record<string, string>) {
    const join = await fetch(`${server.url}/api/v1/auth/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: joinCode, name, email: `${name.toLowerCase()}@example.com`, password: PASSWORD }),
    });
    expect(join.status).toBe(201);
    const cookie = (join.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const start = await fetch(`${server.url}/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`, {
      method: "POST",
      headers: { cookie },
    });
    const attemptId = ((await start.json()) as { id: string }).id;
    const responses = Object.fromEntries(Object.entries(answers).map(([id, text]) => [id, { text }]));
    const submit = await fetch(`${server.url}/api/v1/orgs/${orgId}/attempts/${attemptId}/submit`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "idempotency-key": `practice-e2e-${name}` },
      body: JSON.stringify({ responses }),
    });
    expect(submit.status).toBe(200);
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
    [teacher, student] = await Promise.all([phone(), phone()]);
    teacher.setDefaultTimeout(15_000);
    student.setDefaultTimeout(15_000);
    tp = await teacher.newPage();
    sp = await student.newPage();
    for (const [who, page] of [
      ["teacher", tp],
      ["student", sp],
    ] as const) {
      page.on("pageerror", (e) => errors.push(`${who}: ${e.message}`));
    }
    const signup = await tp.request.post("/api/v1/auth/signup", {
      data: {
        organizationName: "Practice School",
        name: "Tess Teacher",
        email: "tess@example.com",
        password: PASSWORD,
      },
    });
    expect(signup.status()).toBe(201);
    orgId = (await signup.json()).organization.id;
    const ex = await teacherApi<{ id: string }>("POST", "/exercises", {
      title: "Irregular past",
      skills: ["grammar"],
      items: PAST,
    });
    await teacherApi("POST", `/exercises/${ex.id}/publish`);
    // The library exercise the reteach list should suggest: same skill, never assigned to the class.
    const drill = await teacherApi<{ id: string }>("POST", "/exercises", {
      title: DRILL,
      skills: ["grammar"],
      items: PAST.map((i) => ({ ...i, id: `${i.id}2` })),
    });
    drillId = drill.id;
    await teacherApi("POST", `/exercises/${drillId}/publish`);
    const cls = await teacherApi<{ id: string; joinCode: string }>("POST", "/classes", { name: "Year 7 Owls" });
    classId = cls.id;
    const a = await teacherApi<{ id: string }>("POST", "/assignments", {
      exerciseId: ex.id,
      classId,
      feedback: "immediate",
    });
    // Ana regularizes two verbs and gets one right; Ben gets "buy" wrong only. Ana's queue: her two, not Ben's.
    await joinAndSubmit(cls.joinCode, "Ana", a.id, { go: "goed", buy: "buyed", see: "saw" });
    await joinAndSubmit(cls.joinCode, "Ben", a.id, { go: "went", buy: "buyed", see: "saw" });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    await shot(tp, "practice-failed-teacher").catch(() => undefined);
    await shot(sp, "practice-failed-student").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a student's practice queue holds their own mistakes, one card at a time", async () => {
    await sp.goto("/login");
    await sp.getByLabel("Email or username").fill("ana@example.com");
    await sp.getByLabel("Password").fill(PASSWORD);
    await sp.getByRole("button", { name: "Log in" }).click();
    await sp.waitForURL(/\/my$/);
    await sp.getByRole("link", { name: "Practice" }).click();
    await sp.getByRole("heading", { name: "Practice", level: 1 }).waitFor();
    // Cards are made by a job after the submit: the page shows them once it has run.
    await expect
      .poll(
        async () => {
          await sp.reload();
          await sp.getByText(/to practise now|Nothing to practise/).waitFor();
          return sp.getByText(/2 to practise now/).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const prompts = await sp.locator(".item").allTextContents();
    expect(prompts.join(" ")).toMatch(/Yesterday I|Last week she/);
    expect(prompts.join(" ")).not.toMatch(/We .* a film/); // her right answer is not a card
    await check(sp, "queue");
  });

  it("answers by keyboard: type, Check, the rating in words and when it comes back, then Next", async () => {
    const box = sp.locator(".item input[type=text], .item textarea").first();
    const prompt = (await sp.locator(".item").first().textContent()) ?? "";
    const right = /Yesterday I/.test(prompt) ? "went" : "bought";
    await box.focus();
    await sp.keyboard.type(right);
    await sp.keyboard.press("Tab");
    expect(await sp.evaluate(() => document.activeElement?.textContent)).toBe("Check");
    await sp.keyboard.press("Enter");
    const status = sp.getByRole("status").filter({ hasText: /comes back/ });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/Right: it comes back later/);
    await check(sp, "rated");
    // Focus went to Next (Check is gone); Enter brings the next card, and focus is in its answer box.
    expect(await sp.evaluate(() => document.activeElement?.textContent)).toBe("Next question");
    await sp.keyboard.press("Enter");
    await sp.getByText(/1 to practise now · 1 done this session/).waitFor();
    await expect.poll(() => sp.evaluate(() => document.activeElement?.tagName)).toBe("INPUT");

    // A wrong answer is "Again": it comes back soon, and the queue is then empty for now.
    await sp.keyboard.type("goned");
    await sp.keyboard.press("Tab");
    await sp.keyboard.press("Enter");
    await sp.getByText(/Not yet: this one comes back soon/).waitFor();
    await sp.keyboard.press("Enter");
    await sp.getByText(/Nothing to practise right now/).waitFor();
    await check(sp, "empty queue");
  });

  it("the teacher sees what to reteach, with its students and examples, and the practice counts", async () => {
    await tp.goto(`/o/${orgId}/classes/${classId}?view=reteach`);
    await tp.getByRole("heading", { name: "What to reteach" }).waitFor();
    const entry = tp.locator(".reteach-list > li").first();
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/2 students \(Ana, Ben\)/);
    expect(await entry.textContent()).toMatch(/buyed/);
    const counts = tp.getByRole("table");
    await counts.waitFor();
    expect(await counts.textContent()).toMatch(/grammar/);
    await check(tp, "reteach");
  });

  it("assigns the suggested exercise from the list by keyboard, and the students get it", async () => {
    const assign = tp.getByRole("button", { name: `Assign “${DRILL}”` }).first();
    await assign.focus();
    await tp.keyboard.press("Enter");
    await tp
      .getByRole("status")
      .filter({ hasText: `Assigned “${DRILL}” to the class.` })
      .waitFor();
    // Assigned now, so no longer suggested.
    await expect.poll(() => tp.getByRole("button", { name: `Assign “${DRILL}”` }).count()).toBe(0);
    await check(tp, "reteach assigned");
    const list = await teacherApi<{ items: { exerciseId: string; classId: string }[] }>(
      "GET",
      `/assignments?classId=${classId}`,
    );
    expect(list.items.some((x) => x.exerciseId === drillId)).toBe(true);
    await sp.getByRole("link", { name: "My assignments" }).click();
    await sp.getByRole("heading", { name: DRILL }).waitFor();
    await check(sp, "new assignment");
  });

  it("raised no uncaught error on any page", () => {
    expect(errors).toEqual([]);
  });
});
