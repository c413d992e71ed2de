/**
 * Language Cloud inside an LMS frame, in Chromium with third-party cookies blocked: the LMS (the platform
 * simulator of server/test/lti, on 127.0.0.1) shows the tool (on localhost: another site) in an iframe. A teacher
 * adds an exercise with the Deep Linking picker inside the frame, then a learner opens it in the frame and sees
 * the assignment. No cookie is needed (none is set): the launch ticket becomes a bearer session the SPA keeps.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Frame } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformSimulator, ROLE, type SimContext } from "../server/test/lti/platform-simulator.ts";
import { CHROMIUM, hasChromium } from "./support/browser.ts";
import { DESKTOP, expectAccessible, expectFitsPhone } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

const REQUIRE = process.env.REQUIRE_SERVICES === "1";
if (!hasChromium && REQUIRE) throw new Error("lti.e2e: REQUIRE_SERVICES=1 but Chromium is missing");
if (!hasChromium) console.warn("lti.e2e: skipped (no Chromium at /usr/bin/chromium)");

describe.skipIf(!hasChromium)("LTI launch inside an iframe of another site, third-party cookies blocked", () => {
  let server: RunningServer;
  let browser: Browser;
  const sim = new PlatformSimulator();
  const teacher = { sub: "lms-teacher", name: "Tina Teacher", roles: [ROLE.instructor] };
  const learner = { sub: "lms-learner", name: "Lars Learner", roles: [ROLE.learner] };
  const course: SimContext = { id: "course-e2e", title: "English A2", members: [teacher, learner] };
  let tool: { loginUrl: string; launchUrl: string; jwksUrl: string; redirectUris: string[] };
  let adminCookie = "";
  let org = "";

  beforeAll(async () => {
    await sim.start();
    sim.addContext(course);
    server = await startServer({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1" }, { publicHost: "localhost" });
    const url = server.url;
    const signup = await fetch(`${url}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        organizationName: "LTI School",
        name: "Ada Admin",
        email: "ada@lti.test",
        password: "correct horse battery",
      }),
    });
    expect(signup.status).toBe(201);
    const cookie = (signup.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const orgId = ((await signup.json()) as { organization: { id: string } }).organization.id;
    adminCookie = cookie;
    org = orgId;
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${url}/api/v1${path}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: url },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const ex = await call(`/orgs/${orgId}/exercises`, {
      title: "Irregular verbs",
      items: [{ id: "q1", type: "short_answer", prompt: "Past of 'go'?", answers: [{ text: "went", fraction: 1 }] }],
    });
    await call(`/orgs/${orgId}/exercises/${ex.id}/publish`, {});
    const platform = await call(`/orgs/${orgId}/lti/platforms`, {
      name: "Simulated Moodle",
      issuer: sim.issuer,
      clientId: "e2e-client",
      deploymentIds: ["1"],
      authLoginUrl: sim.authLoginUrl,
      authTokenUrl: sim.authTokenUrl,
      jwksUrl: sim.jwksUrl,
    });
    tool = platform.tool as typeof tool;
    sim.registerTool({
      clientId: "e2e-client",
      deploymentId: "1",
      loginUrl: tool.loginUrl,
      redirectUris: tool.redirectUris,
      jwksUrl: tool.jwksUrl,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Chrome's own switch for third-party cookie blocking (as Safari does by default).
        "--test-third-party-cookie-phaseout",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim.stop();
  });

  async function toolFrame(page: import("playwright-core").Page): Promise<Frame> {
    const handle = await page.waitForSelector("iframe");
    const frame = await handle.contentFrame();
    if (!frame) throw new Error("no frame");
    return frame;
  }

  it("a teacher adds an exercise with the picker; a learner opens it, all inside the frame", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(
      sim.coursePage({
        clientId: "e2e-client",
        user: teacher,
        context: course,
        messageType: "LtiDeepLinkingRequest",
        targetLinkUri: tool.launchUrl,
      }),
    );
    let frame = await toolFrame(page);
    await frame.getByRole("heading", { name: "Add exercises to your course" }).waitFor({ timeout: 30_000 });
    expect(new URL(frame.url()).hostname).toBe("localhost");
    await frame.getByLabel(/Irregular verbs/).check();
    await frame.getByRole("button", { name: /Add 1 to the course/ }).click();
    await frame.getByText("Content added.").waitFor({ timeout: 15_000 });
    const returned = sim.deepLinkReturns.at(-1);
    expect(returned?.items[0]).toMatchObject({ type: "ltiResourceLink", title: "Irregular verbs" });
    const link = returned?.links[0] as { resourceLinkId: string; lineItemId?: string; custom?: Record<string, string> };

    const learnerPage = await context.newPage();
    await learnerPage.goto(
      sim.coursePage({
        clientId: "e2e-client",
        user: learner,
        context: course,
        resourceLinkId: link.resourceLinkId,
        lineItemId: link.lineItemId,
        custom: link.custom,
        targetLinkUri: tool.launchUrl,
        // The platform offers its postMessage storage: the state check goes through the course page's window.
        storageTarget: "_parent",
      }),
    );
    frame = await toolFrame(learnerPage);
    await frame.getByText("Irregular verbs").first().waitFor({ timeout: 30_000 });
    const kept = await learnerPage.evaluate(() =>
      Object.keys((window as unknown as { ltiStorage: object }).ltiStorage),
    );
    expect(kept.some((k) => k.startsWith("lc_state_"))).toBe(true);
    // Nothing depended on a cookie in the frame: the tool set none.
    const cookies = await context.cookies(server.url);
    expect(cookies.filter((c) => c.name === "lc_session")).toHaveLength(0);
    await context.close();
  });

  it("only a registered platform's site may frame the tool: an unregistered site's frame stays empty", async () => {
    // Two course pages on two origins, each framing the tool; only the first is a registered platform's issuer.
    const framer = () =>
      createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><html lang="en"><head><title>Course page</title></head><body><iframe title="tool" src="${server.url}/lti/login"></iframe></body></html>`,
        );
      });
    const registered = framer().listen(0, "127.0.0.1");
    const unregistered = framer().listen(0, "127.0.0.1");
    await Promise.all([once(registered, "listening"), once(unregistered, "listening")]);
    const origin = (s: typeof registered) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const res = await fetch(`${server.url}/api/v1/orgs/${org}/lti/platforms`, {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json", origin: server.url },
      body: JSON.stringify({
        name: "Framing LMS",
        issuer: origin(registered),
        clientId: "framing-client",
        deploymentIds: ["1"],
        authLoginUrl: `${origin(registered)}/auth`,
        authTokenUrl: `${origin(registered)}/token`,
        jwksUrl: `${origin(registered)}/jwks`,
      }),
    });
    expect(res.status).toBe(201);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(origin(registered));
      const allowed = await toolFrame(page);
      await allowed.getByRole("heading", { name: /could not open this activity/ }).waitFor({ timeout: 15_000 });

      const blockedPage = await context.newPage();
      const refused = new Promise<void>((resolve) =>
        blockedPage.on("console", (m) => {
          if (/frame-ancestors/.test(m.text())) resolve();
        }),
      );
      await blockedPage.goto(origin(unregistered));
      await refused;
      const blocked = await toolFrame(blockedPage);
      expect(await blocked.getByRole("heading", { name: /could not open this activity/ }).count()).toBe(0);
      expect(blocked.url()).not.toContain("/lti/login");
    } finally {
      await context.close();
      registered.close();
      unregistered.close();
    }
  });

  it("the admin pages: register-a-platform values with copy buttons, launches and scores, the LRS settings", async () => {
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const [name, value] = adminCookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/o/${org}/admin/lti`);
    await page.getByRole("heading", { name: "Values to paste into your LMS" }).waitFor();
    await page.getByText(`${server.url}/lti/login`).first().waitFor();
    expect(await page.getByRole("button", { name: /Copy/ }).count()).toBeGreaterThanOrEqual(5);
    await page.getByRole("heading", { name: "Recent launches" }).waitFor();
    await page.getByText("Adding exercises").first().waitFor();
    await expectAccessible(page, "LTI admin page");
    await expectFitsPhone(page, "LTI admin page");
    await page.goto(`${server.url}/o/${org}/admin/xapi`);
    await page.getByRole("heading", { name: "Learning records (xAPI)" }).waitFor();
    await expectAccessible(page, "xAPI settings page");
    await expectFitsPhone(page, "xAPI settings page");
    await context.close();
  });
});
