import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_PASSWORD_LENGTH } from "../src/lib/passwords.ts";
import { addMember, Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

/** Issue 15, item 14: students without email — usernames, generated passwords, login cards, reset. */
describe.each(testEngines())("student accounts without email on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let teacher: Client;
  let classId: string;
  const base = () => `/api/v1/orgs/${orgId}/classes/${classId}/students`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await signUp(t.app, { organizationName: "Little Oaks Primary" });
    orgId = owner.orgId;
    teacher = (await addMember(t, orgId, "teacher")).client;
    classId = (await teacher.post(`/api/v1/orgs/${orgId}/classes`, { name: "Year 2" })).json().id;
  });
  afterAll(async () => t?.close());

  const login = (body: Record<string, string>) => new Client(t.app).post("/api/v1/auth/login", body);

  it("creates accounts with a username and a generated password, shown once, that log in", async () => {
    const res = await teacher.post(`${base()}/accounts`, { names: ["Zoë O'Neill", "Ben"] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const cards = res.json().items as { userId: string; name: string; username: string; password: string }[];
    expect(cards.map((c) => c.name)).toEqual(["Zoë O'Neill", "Ben"]);
    expect(cards[0]?.username).toMatch(/^zoeoneill\d{4}$/);
    for (const c of cards) expect(c.password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    expect(new Set(cards.map((c) => c.password)).size).toBe(2);

    const ok = await login({
      username: cards[0]?.username.toUpperCase() as string,
      password: cards[0]?.password as string,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().memberships[0].role).toBe("student");
    const bad = await login({ username: cards[0]?.username as string, password: "not the password" });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.message).toMatch(/username/);

    // The username is a field of its own wherever the account appears: the log-in answer, /me, the class list
    // (null for an email account), the organization's members; never stored in clear.
    expect(ok.json().user.username).toBe(cards[0]?.username);
    const list = (await teacher.get(base())).json().items as { id: string; username: string | null }[];
    expect(list.map((s) => s.id).sort()).toEqual(cards.map((c) => c.userId).sort());
    expect(Object.fromEntries(list.map((s) => [s.id, s.username]))).toEqual(
      Object.fromEntries(cards.map((c) => [c.userId, c.username])),
    );
    const pupil = new Client(t.app);
    await pupil.post("/api/v1/auth/login", { username: cards[1]?.username, password: cards[1]?.password });
    expect((await pupil.get("/api/v1/me")).json().user).toMatchObject({
      id: cards[1]?.userId,
      username: cards[1]?.username,
    });
    const members = (await teacher.get(`/api/v1/orgs/${orgId}/members?limit=100`)).json().items as {
      user: { id: string; username: string | null };
    }[];
    expect(members.find((m) => m.user.id === cards[0]?.userId)?.user.username).toBe(cards[0]?.username);
    expect(members.filter((m) => m.user.username === null).length).toBeGreaterThanOrEqual(2); // owner, teacher
    const hashes = await t.ctx.database.db.selectFrom("users").select("password_hash").execute();
    expect(hashes.some((h) => cards.some((c) => h.password_hash.includes(c.password)))).toBe(false);
    const events = await t.ctx.database.db.selectFrom("events").select("payload").execute();
    expect(events.some((e) => cards.some((c) => e.payload.includes(c.password)))).toBe(false);
  });

  it("resets a password: the old one stops working, sessions end, the reset is audited", async () => {
    const [card] = (await teacher.post(`${base()}/accounts`, { names: ["Mia"] })).json().items;
    const student = new Client(t.app);
    expect(
      (await student.post("/api/v1/auth/login", { username: card.username, password: card.password })).statusCode,
    ).toBe(200);
    const reset = await teacher.post(`${base()}/${card.userId}/password`);
    expect(reset.statusCode, reset.body).toBe(200);
    const fresh = reset.json();
    expect(fresh.username).toBe(card.username);
    expect(fresh.password).not.toBe(card.password);
    expect((await student.get("/api/v1/me")).statusCode).toBe(401);
    expect((await login({ username: card.username, password: card.password })).statusCode).toBe(401);
    expect((await login({ username: card.username, password: fresh.password })).statusCode).toBe(200);
    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("target_id", "=", card.userId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["student.password_reset"]);
    expect(audit[0]?.details).not.toContain(fresh.password);
  });

  it("refuses bad input and other classes' students, changing nothing", async () => {
    expect((await teacher.post(`${base()}/accounts`, { names: [] })).statusCode).toBe(400);
    expect((await teacher.post(`${base()}/accounts`, { names: ["  "] })).statusCode).toBe(400);
    const other = (await teacher.post(`/api/v1/orgs/${orgId}/classes`, { name: "Year 3" })).json().id;
    const [card] = (await teacher.post(`${base()}/accounts`, { names: ["Leo"] })).json().items;
    const cross = await teacher.post(`/api/v1/orgs/${orgId}/classes/${other}/students/${card.userId}/password`);
    expect(cross.statusCode).toBe(404);
    expect((await login({ username: card.username, password: card.password })).statusCode).toBe(200);
    const student = (await addMember(t, orgId, "student")).client;
    expect((await student.post(`${base()}/accounts`, { names: ["Eve"] })).statusCode).toBe(403);
    expect((await login({ email: "x@example.com", username: "leo", password: "x" } as never)).statusCode).toBe(400);
  });
});
