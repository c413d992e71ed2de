/**
 * Input that used to reach SQL or a parser and come back as 500 (issue 16, defect 8): a NUL character in any text
 * (PostgreSQL refuses it), an empty id in the path, a multipart body without its boundary. Each is a 4xx with the
 * error shape, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createTestApp, signUp, type TestApp, testEngines, uniqueEmail } from "./harness.ts";

describe.each(testEngines())("input guard on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it("answers 400 to a NUL in the anonymous sign-up and creates no account", async () => {
    const email = uniqueEmail("nul");
    const res = await new Client(t.app).post("/api/v1/auth/signup", {
      organizationName: "School\u0000",
      name: "N",
      email,
      password: "correct horse battery",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_text", details: [{ field: "body.organizationName" }] });
    const users = await t.ctx.database.db.selectFrom("users").select("id").where("email", "=", email).execute();
    expect(users).toHaveLength(0);
  });

  it("answers 400 to a NUL in a query string, a path segment and an object key", async () => {
    const { client, orgId } = await signUp(t.app);
    expect((await client.get(`/api/v1/orgs/${orgId}/exercises?q=a%00b`)).statusCode).toBe(400);
    expect((await client.get(`/api/v1/orgs/${orgId}/classes/x%00y`)).statusCode).toBe(400);
    const res = await client.post(`/api/v1/orgs/${orgId}/classes`, { name: "Class", "k\u0000": 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_text");
  });

  it("answers 404 to an empty organization id", async () => {
    const { client } = await signUp(t.app);
    const res = await client.get("/api/v1/orgs//classes");
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect((await new Client(t.app).get("/api/v1/orgs//classes")).statusCode).toBe(404);
  });

  it("answers 400 to a multipart body without a boundary, and to a cut-off one", async () => {
    const { client, orgId } = await signUp(t.app);
    const noBoundary = await t.app.inject({
      method: "POST",
      url: `/api/v1/orgs/${orgId}/media`,
      headers: { cookie: client.cookie as string, "content-type": "multipart/form-data" },
      payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--\r\n',
    });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().error.code).toBe("invalid_multipart");
    const cut = await t.app.inject({
      method: "POST",
      url: `/api/v1/orgs/${orgId}/imports`,
      headers: { cookie: client.cookie as string, "content-type": "multipart/form-data; boundary=zz" },
      payload:
        '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.gift"\r\nContent-Type: text/plain\r\n\r\n::Q',
    });
    expect(cut.statusCode).toBeGreaterThanOrEqual(400);
    expect(cut.statusCode).toBeLessThan(500);
  });
});
