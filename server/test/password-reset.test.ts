/**
 * Password reset and log-in throttling hardened (issue 16, defect 9): the token leaves the event row once its mail
 * is sent; an address gets at most a few reset mails an hour; the answer takes as long for an unknown address as
 * for a known one; wrong passwords slow down the address that sends them, never the owner elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESET_MAILS_PER_ADDRESS } from "../src/modules/identity/identity.service.ts";
import { mailForEvent } from "../src/modules/notifications/notifications.service.ts";
import { createTestApp, signUp, type TestApp, uniqueEmail } from "./harness.ts";
import { SmtpSink } from "./mail-fixtures.ts";

describe("password reset and log-in hardening", () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp("sqlite", { SMTP_URL: smtp.url, LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  const reset = (email: string, ip = "10.0.0.9") =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset",
      payload: { email },
      remoteAddress: ip,
    });
  const login = (email: string, password: string, ip: string) =>
    t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress: ip });

  it("removes the token from the event once the mail is sent", async () => {
    const { email } = await signUp(t.app);
    expect((await reset(email)).statusCode).toBe(202);
    const row = await t.ctx.database.db
      .selectFrom("events")
      .selectAll()
      .where("type", "=", "password_reset.requested")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(row.payload);
    expect(payload.token).toBeTruthy();
    await mailForEvent(t.ctx, { id: row.id, organizationId: null, type: row.type, payload });
    expect(smtp.to(email)[0]?.text).toContain(payload.token);
    const after = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(after.payload).not.toContain(payload.token);
    expect(JSON.parse(after.payload).token).toBeNull();
  });

  it("acts on at most a few requests per address and hour, answering all the same", async () => {
    const { email, userId } = await signUp(t.app);
    for (let i = 0; i < RESET_MAILS_PER_ADDRESS + 4; i++)
      expect((await reset(email, `10.1.0.${i}`)).statusCode).toBe(202);
    const rows = await t.ctx.database.db
      .selectFrom("password_resets")
      .select("user_id")
      .where("user_id", "=", userId)
      .execute();
    expect(rows).toHaveLength(RESET_MAILS_PER_ADDRESS);
  });

  it("takes as long for an unknown address as for a known one", async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { email } = await signUp(t.app);
      let s = performance.now();
      await reset(email, `10.2.0.${i}`);
      known.push(performance.now() - s);
      s = performance.now();
      await reset(uniqueEmail("nobody"), `10.3.0.${i}`);
      unknown.push(performance.now() - s);
    }
    const [k, u] = [median(known), median(unknown)];
    console.log(`password reset: median ${k.toFixed(1)} ms (account) vs ${u.toFixed(1)} ms (no account)`);
    expect(Math.abs(k - u)).toBeLessThan(0.2 * Math.max(k, u));
  });

  it("slows down the address that guesses, not the owner logging in from elsewhere", async () => {
    const { email, password } = await signUp(t.app);
    for (let i = 0; i < 10; i++) {
      const r = await login(email, `wrong guess ${i}`, "203.0.113.7");
      expect([401, 429]).toContain(r.statusCode);
    }
    const blocked = await login(email, password, "203.0.113.7");
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // The owner, from their own address, is not locked out by the stranger.
    expect((await login(email, password, "198.51.100.20")).statusCode).toBe(200);
  });

  it("makes each further wrong password wait longer", async () => {
    const { email } = await signUp(t.app);
    const ip = "203.0.113.8";
    const waits: number[] = [];
    for (let i = 0; i < 2; i++) expect((await login(email, "wrong", ip)).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) {
      // Let the delay pass by clearing it, as time would, and see how long the next one is.
      expect((await login(email, "wrong", ip)).statusCode).toBe(401);
      const r = await login(email, "wrong", ip);
      expect(r.statusCode).toBe(429);
      waits.push(Number(r.headers["retry-after"]));
      await t.ctx.rateLimiter.reset(`login:wait:${email.toLowerCase()}:${ip}`);
    }
    expect(waits[1]).toBeGreaterThan(waits[0] as number);
    expect(waits[2]).toBeGreaterThan(waits[1] as number);
  });
});
