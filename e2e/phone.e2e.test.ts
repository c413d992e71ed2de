/**
 * The whole loop on a 390 × 844 phone, teacher and student both (issue 15): sign up, Start with examples, write
 * an exercise in the editor (browser Back with unsaved changes asks first) and publish it, a class whose page has
 * the class link as a QR code (decoded here) and a copy button, assignments, a student joins through the copied
 * link, answers, leaves for My assignments and comes back without a reload (the answer is still there and the list
 * says it is in progress), submits and sees feedback, then their progress; the teacher reads the dashboard, the
 * responses and the statistics. Every page: axe-core clean, nothing scrolls sideways, no uncaught error.
 */
import jsqr from "jsqr";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launch, shot } from "./support/browser.ts";
import { DESKTOP, expectAccessible, expectNoHorizontalScroll, PASSWORD, PHONE } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

// jsQR ships CommonJS: TypeScript sees the module object, the test runner hands over its default export.
const jsQR = (typeof jsqr === "function" ? jsqr : jsqr.default) as typeof jsqr.default;

const EXAMPLE = "Present simple and past simple: a day at school";
const OWN = "Irregular verbs on the go";

describe.skipIf(!hasChromium)("the whole loop on a phone", () => {
  let server: RunningServer;
  let browser: Browser;
  let teacher: BrowserContext;
  let student: BrowserContext;
  let tp: Page;
  let sp: Page;
  const errors: string[] = [];
  let orgId = "";
  let joinCode = "";
  let classLink = "";
  let statisticsUrl = "";

  const phone = () =>
    browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      bypassCSP: true, // axe-core is injected as an inline script
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });

  /** Every page of the loop gets the same three checks. */
  async function check(page: Page, what: string) {
    await expectAccessible(page, what);
    await expectNoHorizontalScroll(page);
    await shot(page, `phone-${what.replace(/\W+/g, "-")}`);
  }

  /** Draws the QR code's SVG on a canvas in the page and reads it with jsQR, a decoder of its own. */
  async function decodeQr(page: Page, selector: string): Promise<string | null> {
    const size = 400;
    const pixels = await page.locator(selector).evaluate(async (svg, px) => {
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = px;
      canvas.height = px;
      const g = canvas.getContext("2d") as CanvasRenderingContext2D;
      g.imageSmoothingEnabled = false;
      g.drawImage(img, 0, 0, px, px);
      return Array.from(g.getImageData(0, 0, px, px).data);
    }, size);
    return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
    [teacher, student] = await Promise.all([phone(), phone()]);
    await teacher.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
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
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    await shot(tp, "phone-failed-teacher").catch(() => undefined);
    await shot(sp, "phone-failed-student").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a teacher signs up and starts with the examples", async () => {
    await tp.goto("/signup");
    await tp.getByLabel("Organization name").fill("Hillside Primary");
    await tp.getByLabel("Your name").fill("Paula Phone");
    await tp.getByLabel("Email").fill("paula@example.com");
    await tp.getByLabel("Password").fill(PASSWORD);
    await check(tp, "sign-up");
    await tp.getByRole("button", { name: "Sign up" }).click();
    await tp.waitForURL(/\/o\/[^/]+\/library$/);
    orgId = /\/o\/([^/]+)\//.exec(tp.url())?.[1] ?? "";
    await tp.getByRole("button", { name: "Start with examples" }).click();
    await tp.getByRole("link", { name: EXAMPLE }).waitFor();
    await check(tp, "library");
  });

  it("opens the example in the editor, where nothing is left to fix", async () => {
    await tp.getByRole("link", { name: EXAMPLE }).click();
    await tp.getByRole("heading", { name: "Before publishing" }).waitFor();
    await tp.getByText(/ready to publish/).waitFor();
    await check(tp, "editor");
  });

  it("writes an exercise in the editor; browser Back with unsaved changes asks first, and it is published", async () => {
    await tp.goto(`/o/${orgId}/library`);
    await tp
      .getByRole("link", { name: /new exercise/i })
      .first()
      .click();
    await tp.waitForURL(/\/exercises\/new$/);
    await tp.getByLabel("Title", { exact: true }).fill(OWN);
    await tp.getByLabel("New item type").selectOption("short_answer");
    await tp.getByRole("button", { name: "Add item" }).click();
    await tp.getByLabel("Prompt").fill("Write the past simple of “go”.");
    await tp.getByLabel("Answer 1").fill("went");
    await check(tp, "new exercise");

    // Item 6: the browser's own Back button, not an in-app link. Staying keeps the page and every word typed.
    const asked: string[] = [];
    tp.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await tp.goBack();
    await expect.poll(() => asked).toEqual(["Leave the editor? Your unsaved changes will be lost."]);
    await expect.poll(() => tp.evaluate(() => window.location.pathname)).toBe(`/o/${orgId}/exercises/new`);
    expect(await tp.getByLabel("Title", { exact: true }).inputValue()).toBe(OWN);
    expect(await tp.getByLabel("Answer 1").inputValue()).toBe("went");

    await tp.getByRole("button", { name: "Publish" }).click();
    await tp.getByText(/Published as version 1/).waitFor();
    await check(tp, "exercise published");
    // Nothing unsaved now: Back leaves without a question.
    tp.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await tp.goBack();
    await tp.waitForURL(/\/library$/);
    await tp.getByRole("link", { name: OWN }).waitFor();
    expect(asked).toHaveLength(1);
  });

  it("makes a class and assigns the example", async () => {
    await tp.getByRole("link", { name: "Classes" }).click();
    await tp.getByLabel("Class name").fill("Year 4 Robins");
    await tp.getByRole("button", { name: "Create class" }).click();
    await tp.getByRole("link", { name: "Year 4 Robins" }).click();
    await tp.getByRole("heading", { name: "Year 4 Robins", level: 1 }).waitFor();
    joinCode = ((await tp.locator(".join-code").first().textContent()) ?? "").replace(/\s/g, "");
    await check(tp, "class");

    // Item 14: the class link as a QR code with a text alternative; a camera reading it gets the link.
    classLink = `${server.url}/join?code=${joinCode}`;
    const qr = tp.getByRole("img", { name: `QR code of the class link, ${classLink}` });
    expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe("svg");
    expect(await decodeQr(tp, "svg.qr-code")).toBe(classLink);
    // The copy button puts the link on the clipboard and says so.
    await tp.getByRole("button", { name: "Copy the class link" }).click();
    await tp.getByRole("status").filter({ hasText: "Link copied." }).waitFor();
    expect(await tp.evaluate(() => navigator.clipboard.readText())).toBe(classLink);

    await tp.getByRole("link", { name: "Assignments", exact: true }).click();
    expect(new URL(tp.url()).search).toBe("?view=assignments");

    // Item 16: a date field shows its whole value on the phone; at desktop width, the error that appears under
    // one field moves none of the fields beside it.
    const opens = tp.getByLabel("Opens at");
    const due = tp.getByLabel("Due at");
    await opens.fill("2026-09-01T09:00");
    await due.fill("2026-08-01T09:00");
    for (const field of [opens, due])
      expect(await field.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await tp.setViewportSize(DESKTOP);
    const beside = async () => {
      const [a, b] = [await opens.boundingBox(), await due.boundingBox()];
      return { opensTop: a?.y, dueTop: b?.y, sameRow: a?.y === b?.y };
    };
    const before = await beside();
    expect(before.sameRow).toBe(true);
    await tp.getByLabel("Exercise", { exact: true }).selectOption({ label: `${EXAMPLE} (A2)` });
    await tp.getByRole("button", { name: "Create assignment" }).click();
    await expect.poll(() => due.getAttribute("aria-invalid")).toBe("true");
    expect(await beside()).toEqual(before);
    await opens.fill("");
    await due.fill("");
    await tp.setViewportSize(PHONE);

    await tp.getByLabel("Exercise", { exact: true }).selectOption({ label: `${EXAMPLE} (A2)` });
    await tp.getByRole("button", { name: "Create assignment" }).click();
    const stats = tp.getByRole("link", { name: /statistics/i }).first();
    await stats.waitFor();
    statisticsUrl = (await stats.getAttribute("href")) ?? "";
    await tp.getByLabel("Exercise", { exact: true }).selectOption({ label: OWN });
    await tp.getByRole("button", { name: "Create assignment" }).click();
    await tp
      .getByRole("link", { name: /statistics/i })
      .nth(1)
      .waitFor();
    await check(tp, "class assignments");
  });

  it("a student joins, answers, leaves and comes back without a reload, then submits", async () => {
    await sp.goto(classLink); // the link the teacher copied
    await sp.getByLabel("Your name").fill("Rob Robin");
    await sp.getByLabel("Email").fill("rob@example.com");
    await sp.getByLabel("Password").fill(PASSWORD);
    await check(sp, "join");
    await sp.getByRole("button", { name: "Join class" }).click();
    await sp.waitForURL(/\/my$/);
    await sp.getByRole("heading", { name: EXAMPLE }).waitFor();
    await check(sp, "my assignments");
    await sp.getByRole("button", { name: `Start ${EXAMPLE}` }).click();
    await sp.waitForURL(/\/attempts\//);
    await sp.getByLabel("Gap 1 of 1").first().fill("goes");
    await sp.getByText("Saved", { exact: true }).waitFor();
    await check(sp, "player");

    // Leave in the app (no reload) and come back: the saved answer and the list's state follow autosave.
    await sp.getByRole("link", { name: "My assignments" }).click();
    await sp.getByRole("button", { name: /continue/i }).waitFor();
    await sp.getByRole("button", { name: /continue/i }).click();
    await sp.waitForURL(/\/attempts\//);
    await expect.poll(() => sp.getByLabel("Gap 1 of 1").first().inputValue()).toBe("goes");

    await sp.getByRole("button", { name: "Submit" }).click();
    await sp.getByRole("dialog", { name: "Submit your answers?" }).getByRole("button", { name: "Submit" }).click();
    await sp
      .getByText(/Your score:|Your writing is waiting/)
      .first()
      .waitFor();
    await check(sp, "feedback");
  });

  it("the student does the teacher's own exercise and sees their progress", async () => {
    await sp.getByRole("link", { name: "My assignments", exact: true }).click();
    await sp.getByRole("heading", { name: OWN }).waitFor();
    await sp.getByRole("button", { name: `Start ${OWN}` }).click();
    await sp.waitForURL(/\/attempts\//);
    await sp.getByRole("textbox").first().fill("goed");
    await sp.getByText("Saved", { exact: true }).waitFor();
    await sp.getByRole("button", { name: "Submit" }).click();
    await sp.getByRole("dialog", { name: "Submit your answers?" }).getByRole("button", { name: "Submit" }).click();
    await sp
      .getByText(/Your score: 0 \/ 1/)
      .first()
      .waitFor();
    await check(sp, "own exercise feedback");
    await sp.getByRole("link", { name: "My progress" }).click();
    await sp.getByRole("heading", { name: /progress/i, level: 1 }).waitFor();
    await check(sp, "my progress");
  });

  it("a pupil without email logs in with the username from a printed login card", async () => {
    await tp.getByRole("link", { name: "Students", exact: true }).click();
    await tp.getByLabel("Names, one per line").fill("Ada Lovelace");
    await tp.getByRole("button", { name: "Create accounts and login cards" }).click();
    const card = tp.getByRole("region", { name: "Login cards" }).locator(".login-card").first();
    await card.waitFor();
    await check(tp, "login cards");
    const [username, password] = await card.locator("dd.join-code").allTextContents();
    expect(username).toMatch(/^adalovelace\d{4}$/);
    const pupil = await (await phone()).newPage();
    pupil.on("pageerror", (e) => errors.push(`pupil: ${e.message}`));
    await pupil.goto("/login");
    await pupil.getByLabel("Email or username").fill(username as string);
    await pupil.getByLabel("Password").fill(password as string);
    await check(pupil, "log in with a username");
    await pupil.getByRole("button", { name: "Log in" }).click();
    await pupil.getByRole("heading", { name: EXAMPLE }).waitFor();
    await check(pupil, "pupil assignments");
  });

  it("the teacher reads the dashboard and the statistics", async () => {
    await tp.goto(`/o/${orgId}/classes`);
    await tp.getByRole("link", { name: "Year 4 Robins" }).click();
    await tp.getByRole("heading", { name: "Year 4 Robins", level: 1 }).waitFor();
    await tp.locator(".figure").first().waitFor();
    // Figures in the text's own face: the join code's monospace is for the code only.
    expect(
      await tp
        .locator(".figure")
        .first()
        .evaluate((el) => getComputedStyle(el).fontFamily),
    ).not.toMatch(/mono/);
    await check(tp, "dashboard");
    // The responses of the teacher's own exercise: who answered what.
    await tp.getByRole("link", { name: "Assignments", exact: true }).click();
    await tp.getByRole("link", { name: `Responses and settings for ${OWN}` }).click();
    await tp.getByRole("heading", { name: "Responses" }).waitFor();
    await tp.getByRole("link", { name: "Rob Robin" }).waitFor();
    await check(tp, "responses");
    await tp.goto(statisticsUrl);
    await tp.getByRole("heading", { name: /Statistics:/ }).waitFor();
    await tp.getByText(/from 1 attempt/).waitFor({ timeout: 20_000 });
    await check(tp, "statistics");
    // No header ("Question 1") and no figure ("40.8 %") breaks over two lines; tables scroll in their box instead.
    const wrapped = await tp.evaluate(() =>
      [...document.querySelectorAll("th, td")]
        .filter((el) => {
          if (!/^\d+\.\d\s%$/.test(el.textContent?.trim() ?? "")) return false;
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return tops.size > 1;
        })
        .map((el) => el.textContent),
    );
    expect(wrapped).toEqual([]);
  });

  it("raised no uncaught error on any page", () => {
    expect(errors).toEqual([]);
  });
});
