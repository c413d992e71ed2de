/**
 * A teaching experiment in Chromium on a 390 × 844 phone (issue 17): the teacher creates it in steps (two versions
 * of one exercise, two classes, a post-test and the pre-test they did) mostly by keyboard, starts it and sees who got which variant; the
 * students of both classes do their variant and the post-test (through the API, to be quick); the teacher reads the
 * results, the verdict in words and the figures, and closes it. Every page: axe-core clean, nothing scrolls
 * sideways, no uncaught error.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launch, shot } from "./support/browser.ts";
import { expectAccessible, expectNoHorizontalScroll, PASSWORD, PHONE } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

const ITEMS = ["q1", "q2", "q3", "q4", "q5"].map((id, i) => ({
  id,
  type: "true_false",
  prompt: `Statement ${i + 1} about the past simple.`,
  answer: true,
}));

interface Student {
  name: string;
  cookie: string;
  classId: string;
}

describe.skipIf(!hasChromium)("a teaching experiment on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let teacher: BrowserContext;
  let tp: Page;
  const errors: string[] = [];
  let orgId = "";
  let practiceId = "";
  let postId = "";
  let experimentId = "";
  const classes: { id: string; name: string; joinCode: string }[] = [];
  const students: Student[] = [];
  const pretests: string[] = [];

  async function teacherApi<T>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await tp.request.fetch(`/api/v1/orgs/${orgId}${path}`, { method, data });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  async function studentApi(s: Student, method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}/api/v1/orgs/${orgId}${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        ...(body ? { "content-type": "application/json", "idempotency-key": crypto.randomUUID() } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json() as Promise<{ id: string }>;
  }

  /** Starts and submits an attempt with the first `right` statements marked true (right) and the rest false. */
  async function doAssignment(s: Student, assignmentId: string, right: number) {
    const attempt = await studentApi(s, "POST", `/assignments/${assignmentId}/attempts`);
    const responses = Object.fromEntries(ITEMS.map((it, i) => [it.id, { value: i < right }]));
    await studentApi(s, "POST", `/attempts/${attempt.id}/submit`, { responses });
  }

  async function check(page: Page, what: string) {
    await expectAccessible(page, what);
    await expectNoHorizontalScroll(page);
    await shot(page, `experiment-${what.replace(/\W+/g, "-")}`);
  }

  /** The element that has the keyboard focus, by its accessible text. */
  const focused = () => tp.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
    teacher = await browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      bypassCSP: true, // axe-core is injected as an inline script
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    teacher.setDefaultTimeout(15_000);
    tp = await teacher.newPage();
    tp.on("pageerror", (e) => errors.push(e.message));
    const signup = await tp.request.post("/api/v1/auth/signup", {
      data: {
        organizationName: "Riverside School",
        name: "Tess Teacher",
        email: "tess@example.com",
        password: PASSWORD,
      },
    });
    expect(signup.status()).toBe(201);
    orgId = (await signup.json()).organization.id;
    // The practice exercise in two versions (rule first, then examples first) and the post-test.
    practiceId = (
      await teacherApi<{ id: string }>("POST", "/exercises", {
        title: "Past simple practice",
        instructions: "The rule first: add -ed.",
        items: ITEMS,
      })
    ).id;
    await teacherApi("POST", `/exercises/${practiceId}/publish`);
    await teacherApi("PATCH", `/exercises/${practiceId}`, { instructions: "Examples first: walked, played, …" });
    await teacherApi("POST", `/exercises/${practiceId}/publish`);
    postId = (await teacherApi<{ id: string }>("POST", "/exercises", { title: "Past simple post-test", items: ITEMS }))
      .id;
    await teacherApi("POST", `/exercises/${postId}/publish`);
    const preId = (
      await teacherApi<{ id: string }>("POST", "/exercises", { title: "Past simple pre-test", items: ITEMS })
    ).id;
    await teacherApi("POST", `/exercises/${preId}/publish`);
    for (const name of ["Tuesday B1", "Thursday B1"]) {
      const c = await teacherApi<{ id: string; joinCode: string }>("POST", "/classes", { name });
      classes.push({ id: c.id, name, joinCode: c.joinCode });
      pretests.push(
        (
          await teacherApi<{ id: string }>("POST", "/assignments", {
            exerciseId: preId,
            classId: c.id,
            feedback: "immediate",
          })
        ).id,
      );
      for (let i = 0; i < 10; i++) {
        const student = `${name.split(" ")[0]} student ${i + 1}`;
        const join = await fetch(`${server.url}/api/v1/auth/join`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            code: c.joinCode,
            name: student,
            email: `${student.replace(/\W+/g, ".").toLowerCase()}@example.com`,
            password: PASSWORD,
          }),
        });
        expect(join.status).toBe(201);
        students.push({ name: student, cookie: (join.headers.get("set-cookie") ?? "").split(";")[0]!, classId: c.id });
      }
    }
    // Everyone did the pre-test before the experiment, with 1 to 3 of 5 right.
    for (const [i, s] of students.entries())
      await doAssignment(s, pretests[classes.findIndex((c) => c.id === s.classId)]!, 1 + (i % 3));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    await shot(tp, "experiment-failed").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates the experiment in steps, by keyboard", async () => {
    await tp.goto(`/o/${orgId}/library`);
    await tp.getByRole("link", { name: "Experiments" }).click();
    await tp.getByRole("heading", { name: "Experiments", level: 1 }).waitFor();
    await tp.getByText("No experiments yet.").waitFor();
    await check(tp, "empty list");
    await tp.getByRole("link", { name: "New experiment" }).focus();
    await tp.keyboard.press("Enter");
    await tp.waitForURL(/\/experiments\/new$/);

    // Step 1: typed, then Enter goes to the next step, whose heading takes the focus.
    await tp.getByLabel("Name").focus();
    await tp.keyboard.press("Enter");
    await tp.getByText("Give the experiment a name.").waitFor(); // checked before moving on
    await tp.keyboard.type("Examples or rules?");
    await tp.keyboard.press("Tab");
    expect(await tp.evaluate(() => document.activeElement?.id)).toBe(
      await tp.getByLabel("The question, in your words").getAttribute("id"),
    );
    await tp.keyboard.type("Is the examples-first version better than the rule-first one?");
    await check(tp, "step question");
    await tp.getByRole("button", { name: "Next" }).focus();
    await tp.keyboard.press("Enter");
    await tp.getByRole("heading", { name: "Step 2 of 6: The variants" }).waitFor();
    expect(await focused()).toBe("Step 2 of 6: The variants");

    // Step 2: two versions of one exercise.
    await tp.getByLabel("Name of variant 1").fill("Rule first");
    await tp.getByLabel("Exercise of variant 1").selectOption({ label: "Past simple practice" });
    await tp.getByLabel("Version of variant 1").selectOption({ label: "Version 1" });
    await tp.getByLabel("Name of variant 2").fill("Examples first");
    await tp.getByLabel("Exercise of variant 2").selectOption({ label: "Past simple practice" });
    await tp.getByLabel("Version of variant 2").selectOption({ label: "Version 2" });
    await check(tp, "step variants");
    await tp.getByLabel("Name of variant 2").press("Enter");

    // Step 3: both classes, ticked with the space bar.
    await tp.getByRole("heading", { name: "Step 3 of 6: The classes" }).waitFor();
    for (const c of classes) {
      await tp.getByLabel(new RegExp(`^${c.name}`)).focus();
      await tp.keyboard.press("Space");
    }
    expect(await tp.getByLabel(/^Students at random/).isChecked()).toBe(true);
    await check(tp, "step classes");
    await tp.getByRole("button", { name: "Next" }).press("Enter");

    await tp.getByRole("heading", { name: "Step 4 of 6: The post-test" }).waitFor();
    await tp.getByLabel("Post-test exercise").selectOption({ label: "Past simple post-test" });
    await tp.getByLabel("Pre-test (optional)").selectOption({ label: "Past simple pre-test (Tuesday B1)" });
    await check(tp, "step post-test");
    await tp.getByRole("button", { name: "Next" }).press("Enter");

    await tp.getByRole("heading", { name: "Step 5 of 6: The dates" }).waitFor();
    await check(tp, "step dates");
    await tp.getByRole("button", { name: "Next" }).press("Enter");

    await tp.getByRole("heading", { name: "Step 6 of 6: Check and save" }).waitFor();
    await tp.getByText("Rule first: Past simple practice, version 1").waitFor();
    await tp.getByText("Examples first: Past simple practice, version 2").waitFor();
    await check(tp, "step check");
    await tp.getByRole("button", { name: "Save the experiment" }).press("Enter");
    await tp.waitForURL((u) => /\/experiments\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    experimentId = /\/experiments\/([^/]+)$/.exec(tp.url())?.[1] ?? "";
    await tp.getByRole("heading", { name: /Examples or rules\?/, level: 1 }).waitFor();
    await tp.getByText("Draft", { exact: true }).waitFor();
    await check(tp, "draft");
  });

  it("edits the draft in the same steps", async () => {
    await tp.getByRole("link", { name: "Edit the setup" }).click();
    await tp.getByRole("heading", { name: "Edit: Examples or rules?" }).waitFor();
    await tp.getByLabel("Name").fill("Examples or rules first?");
    for (let step = 1; step < 6; step++) await tp.getByRole("button", { name: "Next" }).click();
    await tp.getByText("Examples first: Past simple practice, version 2").waitFor(); // kept as it was
    await tp.getByRole("button", { name: "Save the experiment" }).click();
    await tp.getByRole("heading", { name: /Examples or rules first\?/, level: 1 }).waitFor();
  });

  it("starts it and shows who got which variant, evenly in each class", async () => {
    await tp.getByRole("button", { name: "Start the experiment" }).press("Enter");
    await tp.getByRole("heading", { name: "Who got which variant" }).waitFor();
    await tp.getByText("Running", { exact: true }).first().waitFor();
    for (const c of classes)
      await tp.getByRole("heading", { name: `${c.name} (5 Rule first, 5 Examples first)` }).waitFor();
    await check(tp, "running");
  });

  it("the students do their variant and the post-test", async () => {
    const e = await teacherApi<{
      variants: { id: string; name: string }[];
      participants: { student: { name: string }; variant: string }[];
      assignments: { assignmentId: string; classId: string; variant: string | null }[];
    }>("GET", `/experiments/${experimentId}`);
    const examples = e.variants.find((v) => v.name === "Examples first")!.id;
    for (const [i, s] of students.entries()) {
      const variant = e.participants.find((p) => p.student.name === s.name)!.variant;
      const own = e.assignments.find((a) => a.classId === s.classId && a.variant === variant)!.assignmentId;
      const post = e.assignments.find((a) => a.classId === s.classId && a.variant === null)!.assignmentId;
      await doAssignment(s, own, 3);
      // Examples first does better on the post-test: 3 to 5 of 5 against 1 to 3, higher where the pre-test was higher.
      await doAssignment(s, post, (variant === examples ? 3 : 1) + (i % 3 === 2 ? 2 : i % 2));
    }
  });

  it("reads the results: the verdict in words, the chart and the figures explained", async () => {
    await tp.getByRole("link", { name: "See the results so far" }).click();
    await tp.getByRole("heading", { name: "Results: Examples or rules first?" }).waitFor();
    const r = await teacherApi<{ comparisons: { estimate: number; low: number; high: number }[] }>(
      "GET",
      `/experiments/${experimentId}/results`,
    );
    const c = r.comparisons[0]!;
    const pts = (v: number) =>
      Math.round(v * 100) < 0 ? `−${Math.abs(Math.round(v * 100))}` : `${Math.round(v * 100)}`;
    await tp
      .getByText(
        `Students who had Examples first scored ${pts(c.estimate)} points higher on the post-test than those who had Rule first (95 % interval ${pts(c.low)} to ${pts(c.high)} points). A difference this large is unlikely to be chance.`,
      )
      .waitFor();
    await expect.poll(() => tp.getByText(/Not enough data yet/).count()).toBe(0);
    await tp.getByRole("img", { name: /Post-test scores per variant/ }).waitFor();
    await tp.getByRole("img", { name: /Examples first compared with Rule first: difference/ }).waitFor();
    await tp.getByText(/How often a difference at least this large would turn up by chance/).waitFor();
    await tp.locator("dt", { hasText: "Adjusted for the pre-test" }).waitFor();
    await tp.getByText(/Small groups \(the smallest has 10 post-tests\)/).waitFor();
    // The figures table is reachable by keyboard (it may scroll inside its box on a phone).
    await tp.getByRole("region", { name: "Figures per variant" }).focus();
    expect(await tp.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Figures per variant");
    await check(tp, "results");
  });

  it("closes it; the results stay and say closed", async () => {
    await tp.getByRole("link", { name: "Back to the experiment" }).click();
    await tp.getByRole("button", { name: "Close the experiment" }).press("Enter");
    const dialog = tp.getByRole("dialog", { name: "Close the experiment?" });
    await dialog.waitFor();
    await check(tp, "close dialog");
    await dialog.getByRole("button", { name: "Close it" }).press("Enter");
    await tp.getByRole("link", { name: "Read the results" }).click();
    await tp.getByText("Closed", { exact: true }).waitFor();
    await tp.getByText(/A difference this large is unlikely to be chance\./).waitFor();
    await tp.goto(`/o/${orgId}/experiments`);
    await tp.getByRole("link", { name: "Examples or rules first?", exact: true }).waitFor();
    await tp.getByText("Is the examples-first version better than the rule-first one?").waitFor();
    await check(tp, "list");
  });

  it("raised no uncaught error on any page", () => {
    expect(errors).toEqual([]);
  });
});
