/**
 * Proves the platform simulator against ltijs, an LTI Advantage certified tool we did not write, before the
 * simulator is trusted to judge our own tool: the OIDC login, a resource link launch, a deep-linking response
 * (verified by the simulator with ltijs's published keys), a score through AGS and a roster through NRPS.
 * ltijs keeps its state in PostgreSQL through ltijs-sequelize (its default store, MongoDB, is not available here).
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { generateKeyPair, type KeyObject } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireServices } from "../harness.ts";
import { readForm, TestBrowser } from "./browser.ts";
import { PlatformSimulator, ROLE, type SimContext } from "./platform-simulator.ts";

const require = createRequire(import.meta.url);
const pgUrl = process.env.TEST_POSTGRES_URL;
if (!pgUrl && requireServices())
  throw new Error("ltijs-simulator: REQUIRE_SERVICES=1 but TEST_POSTGRES_URL is not set");
if (!pgUrl) console.warn("ltijs-simulator: skipped (TEST_POSTGRES_URL not set; ltijs runs on PostgreSQL here)");

// biome-ignore lint/suspicious/noExplicitAny: ltijs ships no types.
type Any = any;

describe.skipIf(!pgUrl)("the platform simulator against ltijs", () => {
  const sim = new PlatformSimulator();
  const dbName = `lc_ltijs_${randomBytes(4).toString("hex")}`;
  let lti: Any;
  let server: Server;
  let toolUrl = "";
  const clientId = "ltijs-client";
  const deploymentId = "dep-1";
  const teacher = { sub: "t-1", name: "Tessa Teacher", email: "tessa@school.test", roles: [ROLE.instructor] };
  const learner = { sub: "s-1", name: "Sam Student", email: "sam@school.test", roles: [ROLE.learner] };
  const course: SimContext = { id: "course-101", title: "English 101", members: [teacher, learner] };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    await sim.start();
    sim.addContext(course);

    lti = require("ltijs").Provider;
    const Database = require("ltijs-sequelize");
    const u = new URL(pgUrl as string);
    const db = new Database(dbName, decodeURIComponent(u.username), decodeURIComponent(u.password), {
      host: u.hostname,
      port: Number(u.port || 5432),
      dialect: "postgres",
      logging: false,
    });
    lti.setup(randomBytes(16).toString("hex"), { plugin: db }, { cookies: { secure: false, sameSite: "Lax" } });
    lti.onConnect(async (token: Any, _req: Any, res: Any) => {
      res.send({ user: token.user, context: token.platformContext.context, ltik: res.locals.ltik });
    });
    lti.onDeepLinking(async (_token: Any, _req: Any, res: Any) => {
      res.send({ deepLinking: true, ltik: res.locals.ltik });
    });
    lti.app.post("/dl-response", async (_req: Any, res: Any) => {
      const items = [
        {
          type: "ltiResourceLink",
          title: "Past simple",
          url: `${toolUrl}/`,
          custom: { exerciseId: "ex-1" },
          lineItem: { scoreMaximum: 10, label: "Past simple", resourceId: "ex-1" },
        },
      ];
      const form = await lti.DeepLinking.createDeepLinkingForm(res.locals.token, items, { message: "Added" });
      res.send(form);
    });
    lti.app.post("/grade", async (req: Any, res: Any) => {
      const body = req.body as { lineItemId: string; scoreGiven: string };
      await lti.Grade.submitScore(res.locals.token, body.lineItemId, {
        scoreGiven: Number(body.scoreGiven),
        scoreMaximum: 10,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      });
      res.send({ ok: true });
    });
    lti.app.get("/members", async (_req: Any, res: Any) => {
      res.send(await lti.NamesAndRoles.getMembers(res.locals.token));
    });
    await lti.deploy({ serverless: true, silent: true });
    server = createServer(lti.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    toolUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    await lti.registerPlatform({
      url: sim.issuer,
      name: "Simulator",
      clientId,
      authenticationEndpoint: sim.authLoginUrl,
      accesstokenEndpoint: sim.authTokenUrl,
      authConfig: { method: "JWK_SET", key: sim.jwksUrl },
    });
    sim.registerTool({
      clientId,
      deploymentId,
      loginUrl: `${toolUrl}/login`,
      redirectUris: [`${toolUrl}/`],
      jwksUrl: `${toolUrl}/keys`,
    });
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await lti?.Database?.Close?.();
    await sim.stop();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  /** Launches and follows ltijs's redirect to its app route (where the `ltik` is handed over). */
  async function launch(browser: TestBrowser, request: Parameters<PlatformSimulator["launch"]>[1]) {
    const { response, loginRedirect, form } = await sim.launch(browser, request);
    expect(response.status).toBe(302);
    const app = await browser.navigate(new URL(response.headers.get("location") as string, toolUrl).toString());
    return { app, loginRedirect, form };
  }

  it("logs in and launches a resource link; ltijs accepts the id_token once", async () => {
    const browser = new TestBrowser();
    const { app, loginRedirect, form } = await launch(browser, {
      clientId,
      user: learner,
      context: course,
      targetLinkUri: `${toolUrl}/`,
      resourceLinkId: "link-1",
    });
    // The tool's authentication request, as ltijs builds it, is what the simulator checked.
    expect(loginRedirect.searchParams.get("response_mode")).toBe("form_post");
    expect(loginRedirect.searchParams.get("nonce")).toBeTruthy();
    expect(app.status).toBe(200);
    const body = JSON.parse(app.body) as { user: string; context: { id: string } };
    expect(body.user).toBe("s-1");
    expect(body.context.id).toBe("course-101");
    // The same form posted again (a replay) is refused.
    const replay = await browser.request(form.action, { method: "POST", form: form.fields });
    expect(replay.status).toBeGreaterThanOrEqual(400);
  });

  it("ltijs refuses an id_token signed with a key the simulator does not publish", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const stray = { privateKey: privateKey as KeyObject, kid: "unpublished" };
    const browser = new TestBrowser();
    const { response } = await sim.launch(browser, {
      clientId,
      user: learner,
      context: course,
      targetLinkUri: `${toolUrl}/`,
      signWith: stray,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it("deep linking: ltijs's signed response verifies with its JWKS and the platform creates the line item", async () => {
    const browser = new TestBrowser();
    const { app } = await launch(browser, {
      clientId,
      user: teacher,
      context: course,
      targetLinkUri: `${toolUrl}/`,
      messageType: "LtiDeepLinkingRequest",
    });
    const { ltik } = JSON.parse(app.body) as { ltik: string };
    const page = await browser.request(`${toolUrl}/dl-response`, {
      method: "POST",
      headers: { authorization: `Bearer ${ltik}` },
    });
    expect(page.status).toBe(200);
    const form = readForm(page.body);
    const back = await browser.request(form.action, { method: "POST", form: form.fields });
    expect(back.status).toBe(200);
    const returned = sim.deepLinkReturns.at(-1);
    expect(returned?.items[0]).toMatchObject({ type: "ltiResourceLink", custom: { exerciseId: "ex-1" } });
    expect(returned?.links[0]?.lineItemId).toBeTruthy();
  });

  it("a score through AGS (token by signed client assertion) and a roster through NRPS", async () => {
    const lineItem = sim.createLineItem({ contextId: course.id, label: "Quiz", scoreMaximum: 10 });
    const browser = new TestBrowser();
    const { app } = await launch(browser, {
      clientId,
      user: learner,
      context: course,
      targetLinkUri: `${toolUrl}/`,
      lineItemId: lineItem.id,
    });
    const { ltik } = JSON.parse(app.body) as { ltik: string };
    // ltijs wants its session cookie beside the ltik: the same browser sends both.
    const graded = await browser.request(`${toolUrl}/grade`, {
      method: "POST",
      headers: { authorization: `Bearer ${ltik}` },
      form: { lineItemId: lineItem.id, scoreGiven: "7" },
    });
    expect(graded.status).toBe(200);
    const stored = sim.gradebook.get(`${lineItem.id} s-1`);
    expect(stored).toMatchObject({ userId: "s-1", scoreGiven: 7, gradingProgress: "FullyGraded" });
    expect(sim.scores.at(-1)?.contentType).toContain("application/vnd.ims.lis.v1.score+json");

    const members = await browser.request(`${toolUrl}/members`, { headers: { authorization: `Bearer ${ltik}` } });
    expect(members.status).toBe(200);
    const roster = JSON.parse(members.body) as { members: { user_id: string; roles: string[] }[] };
    expect(roster.members.map((m) => m.user_id).sort()).toEqual(["s-1", "t-1"]);
    expect(sim.tokenRequests.some((t) => t.scopes.some((s) => s.includes("contextmembership")))).toBe(true);
  });
});
