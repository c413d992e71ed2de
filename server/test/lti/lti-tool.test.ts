/**
 * Our LTI tool driven by the platform simulator (itself proven against ltijs): registration, an instructor's
 * deep-linking launch that creates the class and returns a signed response verified against `/lti/jwks`, a
 * learner's launch and attempt with the score arriving through AGS (Moodle's rules), refusals without a session,
 * key rotation on both sides, and the roster through NRPS.
 */
import { createServer } from "node:net";
import { generateKeyPair, type KeyObject } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/lib/ids.ts";
import { deliverScore } from "../../src/modules/lti/lti.ags.ts";
import { rotateKeys } from "../../src/modules/lti/lti.keys.ts";
import { insertScore } from "../../src/modules/lti/lti.repository.ts";
import { createPublishedExercise, RIGHT_RESPONSES } from "../factories.ts";
import { createTestApp, signUp, type TestApp, testEngines } from "../harness.ts";
import { waitFor } from "../worker-harness.ts";
import { readForm, TestBrowser } from "./browser.ts";
import { PlatformSimulator, ROLE, type SimContext, type SimUser } from "./platform-simulator.ts";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const without = <T extends object>(o: T, key: keyof T) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe.each(testEngines())("LTI tool on %s, driven by the platform simulator", (engine) => {
  let t: TestApp;
  let base = "";
  const sim = new PlatformSimulator({ moodle: true });
  let orgId = "";
  let admin: Awaited<ReturnType<typeof signUp>>["client"];
  let ownerId = "";
  let tool: { loginUrl: string; launchUrl: string; jwksUrl: string; redirectUris: string[] };
  const clientId = "lc-client-1";
  const deploymentId = "dep-42";
  const teacher: SimUser = {
    sub: "moodle-t1",
    name: "Tara Teacher",
    email: "tara@school.test",
    roles: [ROLE.instructor],
  };
  const learner: SimUser = { sub: "moodle-s1", name: "Leo Learner", roles: [ROLE.learner] };
  const learner2: SimUser = { sub: "moodle-s2", name: "Mia Learner", roles: [ROLE.learner] };
  const course: SimContext = { id: "course-7", title: "English B1", members: [teacher, learner, learner2] };
  let exerciseId = "";
  let attemptId = "";
  let link: { resourceLinkId: string; lineItemId?: string; custom?: Record<string, string> };

  const api = async (
    path: string,
    token: string,
    method = "GET",
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  };

  /** A launch to its end: the ticket exchanged for an LTI session, as the SPA does. */
  async function launchAndExchange(
    req: Omit<Parameters<PlatformSimulator["launch"]>[1], "clientId" | "targetLinkUri">,
  ) {
    const browser = new TestBrowser({ blockCookies: true });
    const { response } = await sim.launch(browser, { clientId, targetLinkUri: tool.launchUrl, ...req });
    expect(response.status, response.body).toBe(302);
    const location = new URL(response.headers.get("location") as string, base);
    expect(location.pathname).toBe("/lti/app");
    const ticket = location.searchParams.get("ticket") as string;
    const res = await fetch(`${base}/api/v1/lti/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ticket }),
    });
    expect(res.status).toBe(200);
    const session = (await res.json()) as {
      token: string;
      role: string;
      classId?: string;
      assignmentId?: string;
      deepLinkRequestId?: string;
      organization: { id: string };
    };
    return { session, ticket };
  }

  beforeAll(async () => {
    await sim.start();
    sim.addContext(course);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Loopback is reachable only because this test says so (the simulator runs on 127.0.0.1).
    t = await createTestApp(engine, { PUBLIC_URL: base, OUTBOUND_ALLOW_HOSTS: "127.0.0.1" }, { jobs: true });
    await t.app.listen({ port, host: "127.0.0.1" });
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    admin = owner.client;
    ownerId = owner.userId;
    exerciseId = (await createPublishedExercise(t, orgId, { title: "Present simple" })).exerciseId;
  });

  afterAll(async () => {
    await t?.close();
    await sim.stop();
  });

  it("registers a platform and shows the values to paste into it; refuses private URLs and duplicates", async () => {
    const body = {
      name: "School Moodle",
      issuer: sim.issuer,
      clientId,
      deploymentIds: [deploymentId],
      authLoginUrl: sim.authLoginUrl,
      authTokenUrl: sim.authTokenUrl,
      jwksUrl: sim.jwksUrl,
    };
    const res = await admin.post(`/api/v1/orgs/${orgId}/lti/platforms`, body);
    expect(res.statusCode, res.body).toBe(201);
    tool = res.json().tool;
    expect(tool).toEqual({
      loginUrl: `${base}/lti/login`,
      launchUrl: `${base}/lti/launch`,
      jwksUrl: `${base}/lti/jwks`,
      deepLinkingUrl: `${base}/lti/launch`,
      redirectUris: [`${base}/lti/launch`],
    });
    sim.registerTool({
      clientId,
      deploymentId,
      loginUrl: tool.loginUrl,
      redirectUris: tool.redirectUris,
      jwksUrl: tool.jwksUrl,
    });

    expect((await admin.post(`/api/v1/orgs/${orgId}/lti/platforms`, body)).statusCode).toBe(409);
    const internal = await admin.post(`/api/v1/orgs/${orgId}/lti/platforms`, {
      ...body,
      clientId: "other",
      jwksUrl: "http://169.254.169.254/latest/meta-data",
    });
    expect(internal.statusCode).toBe(422);
    expect(internal.json().error.code).toBe("url_not_allowed");
    const bad = await admin.post(`/api/v1/orgs/${orgId}/lti/platforms`, { ...body, deploymentIds: [] });
    expect(bad.statusCode).toBe(400);
    const list = await admin.get(`/api/v1/orgs/${orgId}/lti/platforms`);
    expect(list.json().items).toHaveLength(1);

    // Every change to a registration is audited: who, which platform, the fields (none of them a secret).
    const platformId = res.json().id as string;
    const renamed = await admin.patch(`/api/v1/orgs/${orgId}/lti/platforms/${platformId}`, { name: "Moodle (B1)" });
    expect(renamed.statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/orgs/${orgId}/lti/platforms/${platformId}`, body)).statusCode).toBe(200);
    const spare = await admin.post(`/api/v1/orgs/${orgId}/lti/platforms`, { ...body, clientId: "spare" });
    expect((await admin.delete(`/api/v1/orgs/${orgId}/lti/platforms/${spare.json().id}`)).statusCode).toBe(204);
    const audit = (await admin.get(`/api/v1/orgs/${orgId}/audit`)).json().items as {
      action: string;
      target: { type: string; id: string };
      details: Record<string, unknown>;
    }[];
    const ofPlatform = audit.filter((a) => a.target.id === platformId).reverse();
    expect(ofPlatform).toMatchObject([
      {
        action: "lti.platform_registered",
        actor: { type: "user" },
        details: { ...without(body, "authTokenUrl"), authServerUrl: body.authTokenUrl, via: "admin" },
      },
      {
        action: "lti.platform_updated",
        details: { changed: { name: "Moodle (B1)" }, previous: { name: "School Moodle" } },
      },
      { action: "lti.platform_updated", details: { changed: { name: "School Moodle" } } },
    ]);
    expect(audit.filter((a) => a.target.id === spare.json().id).map((a) => a.action)).toEqual([
      "lti.platform_deleted",
      "lti.platform_registered",
    ]);
  });

  it("an instructor's deep-linking launch creates the class; the signed response verifies against /lti/jwks", async () => {
    const { session, ticket } = await launchAndExchange({
      user: teacher,
      context: course,
      messageType: "LtiDeepLinkingRequest",
    });
    expect(session.role).toBe("teacher");
    expect(session.organization.id).toBe(orgId);
    expect(session.deepLinkRequestId).toBeTruthy();
    const cls = await api(`/api/v1/orgs/${orgId}/classes/${session.classId}`, session.token);
    expect(cls.status).toBe(200);
    expect(cls.json().name).toBe("English B1");

    // The ticket is single use.
    const again = await fetch(`${base}/api/v1/lti/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ticket }),
    });
    expect(again.status).toBe(401);

    const page = await api(`/api/v1/lti/deep-linking/${session.deepLinkRequestId}/response`, session.token, "POST", {
      exerciseIds: [exerciseId],
    });
    expect(page.status, page.text).toBe(200);
    const form = readForm(page.text);
    expect(form.action).toBe(`${sim.issuer}/deep-link-return`);
    const back = await new TestBrowser().request(form.action, { method: "POST", form: form.fields });
    expect(back.status, back.body).toBe(200);
    const returned = sim.deepLinkReturns.at(-1);
    expect(returned?.items).toHaveLength(1);
    expect(returned?.items[0]).toMatchObject({
      type: "ltiResourceLink",
      custom: { exerciseId, version: "1" },
      lineItem: { scoreMaximum: 16, label: "Present simple", resourceId: exerciseId },
    });
    link = returned?.links[0] as typeof link;
    expect(link.lineItemId).toBeTruthy();

    // Answered once: a second response for the same request is refused.
    const twice = await api(`/api/v1/lti/deep-linking/${session.deepLinkRequestId}/response`, session.token, "POST", {
      exerciseIds: [exerciseId],
    });
    expect(twice.status).toBe(410);
  });

  it("a learner's launch creates the assignment; the score arrives through AGS (pending essay, then the grade)", async () => {
    const { session } = await launchAndExchange({
      user: learner,
      context: course,
      resourceLinkId: link.resourceLinkId,
      lineItemId: link.lineItemId,
      custom: link.custom,
    });
    expect(session.role).toBe("student");
    expect(session.assignmentId).toBeTruthy();
    const started = await api(
      `/api/v1/orgs/${orgId}/assignments/${session.assignmentId}/attempts`,
      session.token,
      "POST",
      {},
    );
    expect(started.status, started.text).toBe(201);
    attemptId = started.json().id as string;
    const submit = await api(
      `/api/v1/orgs/${orgId}/attempts/${attemptId}/submit`,
      session.token,
      "POST",
      { responses: RIGHT_RESPONSES },
      { "idempotency-key": `k-${attemptId}` },
    );
    expect(submit.status, submit.text).toBe(200);
    expect(submit.json().pendingReview).toBe(true);
    const key = `${link.lineItemId} ${learner.sub}`;
    await waitFor(() => sim.gradebook.has(key), 15_000);
    const posted = sim.scores.filter((s) => s.lineItemId === link.lineItemId && s.status === 200);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toMatchObject({
      userId: learner.sub,
      scoreGiven: 11,
      scoreMaximum: 16,
      activityProgress: "Completed",
      gradingProgress: "PendingManual",
    });
    // Moodle keeps no score while the grading is pending.
    expect(sim.gradebook.get(key)?.scoreGiven).toBeUndefined();

    const teacherSession = (
      await launchAndExchange({ user: teacher, context: course, resourceLinkId: link.resourceLinkId })
    ).session;
    const queue = await api(`/api/v1/orgs/${orgId}/assignments/${session.assignmentId}/grading`, teacherSession.token);
    expect(queue.status, queue.text).toBe(200);
    const essay = (queue.json().items as { responseId: string }[])[0] as { responseId: string };
    const graded = await api(`/api/v1/orgs/${orgId}/responses/${essay.responseId}/grade`, teacherSession.token, "PUT", {
      score: 4,
    });
    expect(graded.status, graded.text).toBe(200);
    await waitFor(() => sim.gradebook.get(key)?.gradingProgress === "FullyGraded", 15_000);
    expect(sim.gradebook.get(key)).toMatchObject({
      userId: learner.sub,
      scoreGiven: 15,
      gradingProgress: "FullyGraded",
    });
    const accepted = sim.scores.filter((s) => s.lineItemId === link.lineItemId && s.status === 200);
    expect(accepted).toHaveLength(2);
    expect(Date.parse(String(accepted[1]?.body.timestamp))).toBeGreaterThan(
      Date.parse(String(accepted[0]?.body.timestamp)),
    );

    // The platform has it; our record of the delivery follows a moment later.
    const sent = async () =>
      (await admin.get(`/api/v1/orgs/${orgId}/lti/activity`))
        .json()
        .scores.filter((s: { status: string }) => s.status === "sent");
    await waitFor(async () => (await sent()).length === 2, 10_000);
    expect((await sent())[0]).toMatchObject({ userId: learner.sub, scoreGiven: 15, gradingProgress: "FullyGraded" });
  });

  it("Moodle's timestamp rule: a 409 is retried once with a fresh timestamp; an older score never follows a newer", async () => {
    const platform = await t.ctx.database.db.selectFrom("lti_platforms").select("id").executeTakeFirstOrThrow();
    const row = (scoreGiven: number) => ({
      id: newId(),
      organization_id: orgId,
      platform_id: platform.id,
      source_key: newId(),
      attempt_id: attemptId,
      line_item_url: link.lineItemId as string,
      lti_user_id: learner.sub,
      body: JSON.stringify({
        userId: learner.sub,
        scoreGiven,
        scoreMaximum: 16,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      }),
      status: "pending" as const,
      created_at: new Date().toISOString(),
    });
    const key = `${link.lineItemId} ${learner.sub}`;
    const posts = sim.scores.length;
    sim.failNextScores = { count: 1, status: 409 };
    const fresh = row(14);
    await insertScore(t.ctx.database.db, fresh);
    expect(await deliverScore(t.ctx, fresh.id)).toBe("sent");
    const tried = sim.scores.slice(posts);
    expect(tried.map((s) => s.status)).toEqual([409, 200]);
    expect(Date.parse(String(tried[1]?.body.timestamp))).toBeGreaterThan(Date.parse(String(tried[0]?.body.timestamp)));
    expect(sim.gradebook.get(key)?.scoreGiven).toBe(14);

    // Two scores made in order, the newer sent first (a retry overtook): the older one is not posted after it.
    const older = row(10);
    const newer = row(12);
    await insertScore(t.ctx.database.db, older);
    await insertScore(t.ctx.database.db, newer);
    expect(await deliverScore(t.ctx, newer.id)).toBe("sent");
    const count = sim.scores.length;
    expect(await deliverScore(t.ctx, older.id)).toBe("superseded");
    expect(sim.scores.length).toBe(count);
    expect(sim.gradebook.get(key)?.scoreGiven).toBe(12);
    // Delivering again changes nothing: never twice for the same score.
    expect(await deliverScore(t.ctx, newer.id)).toBe("sent");
    expect(sim.scores.length).toBe(count);
  });

  describe("refusals: a page that says what, and no session", () => {
    const refused = async (req: Partial<Parameters<PlatformSimulator["launch"]>[1]>, expected: RegExp) => {
      const before = await t.ctx.database.db.selectFrom("lti_tickets").select("id").execute();
      const browser = new TestBrowser({ blockCookies: true });
      const { response } = await sim.launch(browser, {
        clientId,
        targetLinkUri: tool.launchUrl,
        user: learner,
        context: course,
        resourceLinkId: link.resourceLinkId,
        ...req,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(response.body).toMatch(expected);
      const after = await t.ctx.database.db.selectFrom("lti_tickets").select("id").execute();
      expect(after.length).toBe(before.length);
    };

    it("an expired token", async () => {
      await refused(
        {
          tamper: (c) => {
            c.iat = Math.floor(Date.now() / 1000) - 600;
            c.exp = Math.floor(Date.now() / 1000) - 120;
          },
        },
        /expired/,
      );
    });
    it("a wrong audience", async () => {
      await refused({ tamper: (c) => void (c.aud = "another-tool") }, /audience/);
    });
    it("an unknown deployment", async () => {
      await refused(
        { tamper: (c) => void (c["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = "dep-x") },
        /deployment/,
      );
    });
    it("a bad signature (a key the platform does not publish, under its kid)", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      await refused({ signWith: { privateKey: privateKey as KeyObject, kid: "not-published" } }, /key|signature/);
    });
    it("a missing state", async () => {
      await refused({ stateOverride: null }, /state/);
    });
    it("a replayed nonce (the same id_token posted twice)", async () => {
      const browser = new TestBrowser({ blockCookies: true });
      const first = await sim.launch(browser, {
        clientId,
        targetLinkUri: tool.launchUrl,
        user: learner,
        context: course,
        resourceLinkId: link.resourceLinkId,
      });
      expect(first.response.status).toBe(302);
      const replay = await browser.request(first.form.action, { method: "POST", form: first.form.fields });
      expect(replay.status).toBe(400);
      expect(replay.body).toMatch(/already been used/);
      // The same token with a fresh state from another login is refused too: the nonce belongs to the first.
      const other = await sim.launch(browser, {
        clientId,
        targetLinkUri: tool.launchUrl,
        user: learner,
        context: course,
        resourceLinkId: link.resourceLinkId,
        stateOverride: undefined,
      });
      expect(other.response.status).toBe(302);
      const loginRedirect = await browser.request(tool.loginUrl, {
        method: "POST",
        form: { iss: sim.issuer, login_hint: learner.sub, target_link_uri: tool.launchUrl, client_id: clientId },
      });
      const state = new URL(loginRedirect.headers.get("location") as string).searchParams.get("state") as string;
      const swapped = await browser.request(first.form.action, {
        method: "POST",
        form: { id_token: first.form.fields.id_token as string, state },
      });
      expect(swapped.status).toBe(400);
      expect(swapped.body).toMatch(/nonce/);
    });
  });

  it("the platform's postMessage storage: the launch must bring back the value kept at login", async () => {
    const browser = new TestBrowser({ blockCookies: true });
    const start = async () => {
      const hint = `hint-${Math.random()}`;
      // What the course page's frame posts (the simulator's own launch() expects a redirect, not a page).
      (sim as unknown as { pending: Map<string, unknown> }).pending.set(hint, {
        request: {
          clientId,
          user: learner,
          context: course,
          resourceLinkId: link.resourceLinkId,
          targetLinkUri: tool.launchUrl,
        },
        expectedLoginHint: learner.sub,
      });
      const login = await browser.request(tool.loginUrl, {
        method: "POST",
        form: {
          iss: sim.issuer,
          login_hint: learner.sub,
          target_link_uri: tool.launchUrl,
          lti_message_hint: hint,
          client_id: clientId,
          lti_deployment_id: deploymentId,
          lti_storage_target: "_parent",
        },
      });
      expect(login.status).toBe(200);
      const attr = (html: string, name: string) =>
        new RegExp(`data-${name}="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
      expect(attr(login.body, "mode")).toBe("put");
      expect(attr(login.body, "origin")).toBe(sim.issuer);
      expect(attr(login.body, "key")).toMatch(/^lc_state_/);
      const auth = await browser.request(attr(login.body, "redirect"));
      const form = JSON.parse(auth.body) as { action: string; fields: Record<string, string> };
      const first = await browser.request(form.action, { method: "POST", form: form.fields });
      expect(first.status).toBe(200);
      expect(attr(first.body, "mode")).toBe("get");
      expect(attr(first.body, "key")).toBe(attr(login.body, "key"));
      return { secret: attr(login.body, "value"), form };
    };
    const good = await start();
    const ok = await browser.request(good.form.action, {
      method: "POST",
      form: { ...good.form.fields, lti_storage_secret: good.secret },
    });
    expect(ok.status, ok.body).toBe(302);
    expect(ok.headers.get("location")).toMatch(/^\/lti\/app\?ticket=/);

    const bad = await start();
    const refused = await browser.request(bad.form.action, {
      method: "POST",
      form: { ...bad.form.fields, lti_storage_secret: good.secret },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/not started in this browser/);
    const script = await fetch(`${base}/lti/storage.js`);
    expect(script.headers.get("content-type")).toContain("javascript");
  });

  it("key rotation: ours (the JWKS keeps the old key a day) and the platform's (its new key is fetched)", async () => {
    const before = ((await (await fetch(`${base}/lti/jwks`)).json()) as { keys: { kid: string }[] }).keys;
    const { kid } = await rotateKeys(t.ctx);
    const after = ((await (await fetch(`${base}/lti/jwks`)).json()) as { keys: { kid: string; d?: string }[] }).keys;
    expect(after.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, ...before.map((k) => k.kid)]));
    expect(after.every((k) => k.d === undefined)).toBe(true);
    const stored = await t.ctx.database.db.selectFrom("lti_keys").select("private_jwk_sealed").execute();
    expect(stored.every((r) => r.private_jwk_sealed.startsWith("v1.") && !r.private_jwk_sealed.includes('"d"'))).toBe(
      true,
    );

    // A deep-linking response is now signed with the new key and still verifies at the platform.
    const { session } = await launchAndExchange({
      user: teacher,
      context: course,
      messageType: "LtiDeepLinkingRequest",
    });
    const page = await api(`/api/v1/lti/deep-linking/${session.deepLinkRequestId}/response`, session.token, "POST", {
      exerciseIds: [exerciseId],
    });
    const form = readForm(page.text);
    const header = JSON.parse(Buffer.from((form.fields.JWT as string).split(".")[0] as string, "base64url").toString());
    expect(header.kid).toBe(kid);
    expect((await new TestBrowser().request(form.action, { method: "POST", form: form.fields })).status).toBe(200);

    // The platform rotates and drops its old key: our cached copy misses the kid, and fetches again.
    await sim.rotateKey({ dropOld: true });
    await new Promise((r) => setTimeout(r, 1100));
    await launchAndExchange({ user: learner, context: course, resourceLinkId: link.resourceLinkId });
  });

  it("the LTI session is revocable: after logout its bearer token is refused", async () => {
    const { session } = await launchAndExchange({
      user: learner,
      context: course,
      resourceLinkId: link.resourceLinkId,
    });
    expect((await api("/api/v1/me", session.token)).status).toBe(200);
    expect((await api("/api/v1/auth/logout", session.token, "POST", {})).status).toBe(204);
    const after = await api("/api/v1/me", session.token);
    expect(after.status).toBe(401);
    expect(after.json().error.code).toBe("unauthorized");
  });

  it("Dynamic Registration: the admin's link, opened by the LMS, registers the tool and the platform", async () => {
    const made = await admin.post(`/api/v1/orgs/${orgId}/lti/registration-links`, {});
    expect(made.statusCode).toBe(201);
    const link = made.json().url as string;
    expect(link.startsWith(`${base}/lti/register?lc=`)).toBe(true);
    const config = `${sim.issuer}/.well-known/openid-configuration`;
    const open = (l: string, token = sim.registrationToken) =>
      fetch(`${l}&openid_configuration=${encodeURIComponent(config)}&registration_token=${token}`);
    const res = await open(link);
    const page = await res.text();
    expect(res.status, page).toBe(200);
    expect(page).toContain('id="lti-close"');
    const registered = sim.registrations.at(-1) as Record<string, unknown>;
    expect(registered).toMatchObject({
      initiate_login_uri: tool.loginUrl,
      redirect_uris: tool.redirectUris,
      jwks_uri: tool.jwksUrl,
      token_endpoint_auth_method: "private_key_jwt",
    });
    const platforms = (await admin.get(`/api/v1/orgs/${orgId}/lti/platforms`)).json().items as { clientId: string }[];
    const dyn = platforms.find((p) => p.clientId.startsWith("dyn-"));
    expect(dyn).toBeTruthy();
    // The new registration launches like a hand-made one.
    const browser = new TestBrowser({ blockCookies: true });
    const { response } = await sim.launch(browser, {
      clientId: (dyn as { clientId: string }).clientId,
      targetLinkUri: tool.launchUrl,
      user: teacher,
      context: { id: "course-dyn", title: "Dyn course", members: [teacher] },
      messageType: "LtiDeepLinkingRequest",
    });
    expect(response.status, response.body).toBe(302);
    // Audited as the admin's who made the link.
    const audit = (await admin.get(`/api/v1/orgs/${orgId}/audit?targetType=lti_platform`)).json().items;
    expect(audit[0]).toMatchObject({
      action: "lti.platform_registered",
      actor: { type: "user", id: ownerId },
      details: { clientId: (dyn as { clientId: string }).clientId, via: "dynamic_registration" },
    });
    expect(JSON.stringify(audit)).not.toContain(sim.registrationToken);

    // A forged or altered link registers nothing.
    const forged = await open(`${base}/lti/register?lc=${encodeURIComponent(`${link.split("lc=")[1]}x`)}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/registration link is not valid/);
  });

  it("NRPS: the roster brings members into the class and marks those who left", async () => {
    const { session } = await launchAndExchange({
      user: teacher,
      context: course,
      resourceLinkId: link.resourceLinkId,
    });
    // The class page asks whether the class is an LMS course's (for its "Sync roster" button).
    const status = await api(`/api/v1/orgs/${orgId}/classes/${session.classId}/lti-roster`, session.token);
    expect(status.status, status.text).toBe(200);
    expect(status.json()).toMatchObject({ platform: "School Moodle", rosterService: true });
    const plain = await admin.post(`/api/v1/orgs/${orgId}/classes`, { name: "Not from the LMS" });
    const notLinked = await api(`/api/v1/orgs/${orgId}/classes/${plain.json().id}/lti-roster`, session.token);
    expect(notLinked.status).toBe(404);
    const sync = await api(
      `/api/v1/orgs/${orgId}/classes/${session.classId}/lti-roster/sync`,
      session.token,
      "POST",
      {},
    );
    expect(sync.status, sync.text).toBe(200);
    const synced = await api(`/api/v1/orgs/${orgId}/classes/${session.classId}/lti-roster`, session.token);
    expect(Date.parse(synced.json().syncedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(sync.json()).toMatchObject({ members: 3, left: 0 });
    const students = await api(`/api/v1/orgs/${orgId}/classes/${session.classId}/students`, session.token);
    expect((students.json().items as { name: string }[]).map((s) => s.name).sort()).toEqual([
      "Leo Learner",
      "Mia Learner",
    ]);

    course.members = [teacher, learner];
    const again = await api(
      `/api/v1/orgs/${orgId}/classes/${session.classId}/lti-roster/sync`,
      session.token,
      "POST",
      {},
    );
    expect(again.json()).toMatchObject({ members: 2, left: 1 });
    const now = await api(`/api/v1/orgs/${orgId}/classes/${session.classId}/students`, session.token);
    expect((now.json().items as { name: string }[]).map((s) => s.name)).toEqual(["Leo Learner"]);
  });

  it("a learner who launches while a roster sync brings them in gets in, as one person (no duplicate, no 503)", async () => {
    // Seen in CI on MySQL: the sync queued by a teacher's launch created the learner between the learner's launch
    // reading and inserting its LTI user; the launch answered 503 and every later test of the file failed.
    const { session } = await launchAndExchange({
      user: teacher,
      context: course,
      resourceLinkId: link.resourceLinkId,
    });
    const newcomers: SimUser[] = Array.from({ length: 4 }, (_, i) => ({
      sub: `moodle-race-${i}`,
      name: `Race Learner ${i}`,
      roles: [ROLE.learner],
    }));
    course.members = [teacher, learner, ...newcomers];
    for (const person of newcomers) {
      const [sync, entered] = await Promise.all([
        api(`/api/v1/orgs/${orgId}/classes/${session.classId}/lti-roster/sync`, session.token, "POST", {}),
        launchAndExchange({ user: person, context: course, resourceLinkId: link.resourceLinkId }),
      ]);
      expect(sync.status, sync.text).toBe(200);
      expect(entered.session.role).toBe("student");
    }
    const students = await api(`/api/v1/orgs/${orgId}/classes/${session.classId}/students`, session.token);
    const names = (students.json().items as { name: string }[]).map((s) => s.name);
    for (const person of newcomers) expect(names.filter((n) => n === person.name)).toHaveLength(1);
  });
});
