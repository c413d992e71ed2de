import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createTestApp, signUp, type TestApp, testEngines, uniqueEmail } from "./harness.ts";

describe.each(testEngines())("identity on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { LOGIN_MAX_FAILURES_PER_ACCOUNT: "3", LOGIN_MAX_ATTEMPTS_PER_IP: "1000" });
  });
  afterAll(async () => t?.close());

  it("signs up, reads me, logs out and logs in again", async () => {
    const { client, email, password, orgId } = await signUp(t.app, { organizationName: "Riverside English" });
    const me = await client.get("/api/v1/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships).toEqual([
      { organization: expect.objectContaining({ id: orgId, name: "Riverside English" }), role: "owner" },
    ]);
    const before = client.cookie;
    expect((await client.post("/api/v1/auth/logout")).statusCode).toBe(204);
    const stale = new Client(t.app);
    stale.cookie = before;
    expect((await stale.get("/api/v1/me")).statusCode).toBe(401);
    const login = await client.post("/api/v1/auth/login", { email: email.toUpperCase(), password });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.email).toBe(email);
    expect(client.cookie).not.toBe(before);
    expect((await client.get("/api/v1/me")).statusCode).toBe(200);
  });

  it("sets an HttpOnly SameSite=Lax session cookie and never returns the password hash", async () => {
    const client = new Client(t.app);
    const res = await client.post("/api/v1/auth/signup", {
      organizationName: "A",
      name: "B",
      email: uniqueEmail(),
      password: "0123456789",
    });
    const cookie = res.cookies.find((c) => c.name === "lc_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(res.body).not.toMatch(/password|scrypt/);
  });

  it("refuses a duplicate email with 409 and changes nothing", async () => {
    const { email } = await signUp(t.app);
    const res = await new Client(t.app).post("/api/v1/auth/signup", {
      organizationName: "Other",
      name: "X",
      email,
      password: "0123456789ab",
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("email_taken");
    const orgs = await t.ctx.database.db.selectFrom("organizations").select("id").where("name", "=", "Other").execute();
    expect(orgs).toHaveLength(0);
  });

  it("validates sign-up fields, naming each one", async () => {
    const res = await new Client(t.app).post("/api/v1/auth/signup", {
      organizationName: "",
      email: "nope",
      password: "short",
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .sort();
    expect(fields).toEqual(["body.email", "body.name", "body.organizationName", "body.password"]);
  });

  it("answers a wrong password with 401 and the same error as an unknown account", async () => {
    const { email } = await signUp(t.app);
    const wrong = await new Client(t.app).post("/api/v1/auth/login", { email, password: "not the password" });
    const unknown = await new Client(t.app).post("/api/v1/auth/login", {
      email: uniqueEmail(),
      password: "whatever123",
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it("rate limits log-in failures per account with 429 and Retry-After", async () => {
    const { email, password } = await signUp(t.app);
    const c = new Client(t.app);
    for (let i = 0; i < 3; i++)
      expect((await c.post("/api/v1/auth/login", { email, password: "wrong-wrong" })).statusCode).toBe(401);
    const limited = await c.post("/api/v1/auth/login", { email, password });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe("rate_limited");
  });

  it("changes the password, ending the other sessions", async () => {
    const { client, email, password } = await signUp(t.app);
    const other = new Client(t.app);
    await other.post("/api/v1/auth/login", { email, password });
    const res = await client.post("/api/v1/me/password", {
      currentPassword: password,
      newPassword: "a brand new secret",
    });
    expect(res.statusCode).toBe(204);
    expect((await client.get("/api/v1/me")).statusCode).toBe(200);
    expect((await other.get("/api/v1/me")).statusCode).toBe(401);
    expect(
      (await new Client(t.app).post("/api/v1/auth/login", { email, password: "a brand new secret" })).statusCode,
    ).toBe(200);
  });

  it("resets a password with a single-use token sent through the outbox", async () => {
    const { email } = await signUp(t.app);
    const anon = new Client(t.app);
    expect((await anon.post("/api/v1/auth/password-reset", { email })).statusCode).toBe(202);
    expect((await anon.post("/api/v1/auth/password-reset", { email: uniqueEmail() })).statusCode).toBe(202);
    const events = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("type", "=", "password_reset.requested")
      .execute();
    const payload = events.map((e) => JSON.parse(e.payload)).find((p) => p.email === email);
    expect(payload?.token).toBeTruthy();
    const stored = await t.ctx.database.db.selectFrom("password_resets").select("token_hash").execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(payload.token);
    const ok = await anon.post("/api/v1/auth/password-reset/confirm", {
      token: payload.token,
      password: "reset password 1",
    });
    expect(ok.statusCode).toBe(204);
    const again = await anon.post("/api/v1/auth/password-reset/confirm", {
      token: payload.token,
      password: "reset password 2",
    });
    expect(again.statusCode).toBe(400);
    expect((await anon.post("/api/v1/auth/login", { email, password: "reset password 1" })).statusCode).toBe(200);
  });

  it("refuses cross-site unsafe requests made with the session cookie", async () => {
    const { client } = await signUp(t.app);
    const res = await client.post(
      "/api/v1/auth/logout",
      {},
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(res.statusCode).toBe(403);
    expect((await client.get("/api/v1/me")).statusCode).toBe(200);
    const same = await client.post("/api/v1/auth/logout", {}, { "sec-fetch-site": "same-origin" });
    expect(same.statusCode).toBe(204);
  });
});
