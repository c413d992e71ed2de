/**
 * The tool's pages may be framed only by registered platforms (CSP frame-ancestors), never by any site: no
 * platform, no framing; a registration adds its issuer's and login URL's origins at once; a launch's stored
 * service URLs (the LMS's own host, as Canvas's courses live elsewhere than its issuer) add theirs; a deleted
 * registration takes them away. The browser's side of it is in e2e/lti.e2e.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetFrameOrigins } from "../../src/modules/lti/lti.frame-origins.ts";
import { createTestApp, signUp, type TestApp, testEngines } from "../harness.ts";

const ancestors = (csp: unknown) => /frame-ancestors ([^;]*)/.exec(String(csp))?.[1]?.split(" ");

describe.each(testEngines())("LTI pages' framing on %s", (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    t = await createTestApp(engine, { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" });
    owner = await signUp(t.app);
  });
  afterAll(async () => t?.close());

  const framing = async () => {
    const res = await t.app.inject({ url: "/lti/login" });
    expect(res.headers["x-frame-options"]).toBeUndefined();
    return ancestors(res.headers["content-security-policy"]);
  };
  const platform = (port: number, clientId: string) => ({
    name: `LMS ${port}`,
    issuer: `http://127.0.0.1:${port}`,
    clientId,
    deploymentIds: ["1"],
    authLoginUrl: `http://127.0.0.1:${port + 1}/auth`,
    authTokenUrl: `http://127.0.0.1:${port}/token`,
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
  });

  it("no registered platform: no site may frame them; other pages are never framable", async () => {
    expect(await framing()).toEqual(["'none'"]);
    const home = await t.app.inject({ url: "/" });
    expect(ancestors(home.headers["content-security-policy"])).toEqual(["'none'"]);
  });

  it("a registration's origins, and the hosts its launches named, may frame them; never `*`", async () => {
    const res = await owner.client.post(`/api/v1/orgs/${owner.orgId}/lti/platforms`, platform(4100, "a"));
    expect(res.statusCode, res.body).toBe(201);
    expect(await framing()).toEqual(["http://127.0.0.1:4100", "http://127.0.0.1:4101"]);

    // A launch stored the context's NRPS URL on the LMS's own host (written here as the launch writes it).
    const cls = await owner.client.post(`/api/v1/orgs/${owner.orgId}/classes`, { name: "From the LMS" });
    await t.ctx.database.db
      .insertInto("lti_contexts")
      .values({
        platform_id: res.json().id,
        context_id: "course-1",
        organization_id: owner.orgId,
        class_id: cls.json().id,
        memberships_url: "https://school.lms.example/api/lti/courses/1/names_and_roles",
        roster_queued_at: null,
        roster_synced_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    forgetFrameOrigins(t.ctx);
    const origins = await framing();
    expect(origins).toContain("https://school.lms.example");
    expect(origins).not.toContain("*");
    // The app's own pages stay unframable whatever is registered.
    const home = await t.app.inject({ url: "/" });
    expect(ancestors(home.headers["content-security-policy"])).toEqual(["'none'"]);
    expect(home.headers["x-frame-options"]).toBe("SAMEORIGIN");

    await t.ctx.database.db.deleteFrom("lti_contexts").where("context_id", "=", "course-1").execute();
    expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/lti/platforms/${res.json().id}`)).statusCode).toBe(
      204,
    );
    expect(await framing()).toEqual(["'none'"]);
  });
});
