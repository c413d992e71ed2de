import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JOIN_CODE_ALPHABET } from "../src/modules/classes/join-code.ts";
import { JOIN_MAX_FAILURES_PER_IP } from "../src/modules/classes/students.service.ts";
import { addMember, Client, createTestApp, signUp, type TestApp, testEngines, uniqueEmail } from "./harness.ts";

// The service draws codes from this module: a test can force a collision on the unique index.
vi.mock("../src/modules/classes/join-code.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/modules/classes/join-code.ts")>();
  return { ...actual, newJoinCode: vi.fn(actual.newJoinCode) };
});
const { newJoinCode } = await import("../src/modules/classes/join-code.ts");

const PASSWORD = "student password 1";

describe.each(testEngines())("classes on %s", (engine) => {
  let t: TestApp;
  let orgId: string;
  let owner: Client;
  let teacher: Client;
  const base = () => `/api/v1/orgs/${orgId}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await signUp(t.app, { organizationName: "Riverside English" });
    orgId = a.orgId;
    owner = a.client;
    teacher = (await addMember(t, orgId, "teacher")).client;
  });
  afterAll(async () => t?.close());

  async function newClass(name = "B1 Monday", client = teacher) {
    const res = await client.post(`${base()}/classes`, { name, description: "Evening group" });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; name: string; joinCode: string; studentCount: number };
  }

  async function join(code: string, overrides: Partial<{ name: string; email: string; password: string }> = {}) {
    const client = new Client(t.app);
    const res = await client.post("/api/v1/auth/join", {
      code,
      name: overrides.name ?? "Sam Student",
      email: overrides.email ?? uniqueEmail("student"),
      password: overrides.password ?? PASSWORD,
    });
    return { client, res };
  }

  async function events(type: string) {
    const rows = await t.ctx.database.db.selectFrom("events").select("payload").where("type", "=", type).execute();
    return rows.map((r) => JSON.parse(r.payload));
  }

  it("creates a class with a readable join code, lists, reads, edits and deletes it", async () => {
    const c = await newClass("A2 Tuesday");
    expect(c.joinCode).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`));
    expect(c.joinCode).not.toMatch(/[01OIL]/);
    expect(c.studentCount).toBe(0);
    expect((await events("class.created")).some((e) => e.classId === c.id)).toBe(true);

    const list = (await owner.get(`${base()}/classes`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await teacher.get(`${base()}/classes/${c.id}`)).json().name).toBe("A2 Tuesday");

    const patched = await teacher.patch(`${base()}/classes/${c.id}`, { name: "A2 Thursday", description: null });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: "A2 Thursday", description: null, joinCode: c.joinCode });

    expect((await teacher.delete(`${base()}/classes/${c.id}`)).statusCode).toBe(204);
    expect((await teacher.get(`${base()}/classes/${c.id}`)).statusCode).toBe(404);
    expect((await teacher.delete(`${base()}/classes/${c.id}`)).statusCode).toBe(404);
    // A deleted class's code stops working.
    expect((await join(c.joinCode)).res.statusCode).toBe(404);
  });

  it("validates class input and changes nothing on bad input", async () => {
    const bad = await teacher.post(`${base()}/classes`, { name: "  " });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    const c = await newClass("Valid");
    const res = await teacher.patch(`${base()}/classes/${c.id}`, { joinCode: "AAAAAAAA" });
    expect(res.statusCode).toBe(400);
    expect((await teacher.get(`${base()}/classes/${c.id}`)).json().joinCode).toBe(c.joinCode);
  });

  it("paginates classes by name with a cursor", async () => {
    for (const n of ["P1", "P2", "P3"]) await newClass(`Paged ${n}`);
    const first = (await teacher.get(`${base()}/classes?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await teacher.get(`${base()}/classes?limit=2&cursor=${first.nextCursor}`)).json();
    const names = [...first.items, ...second.items].map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect((await teacher.get(`${base()}/classes?cursor=nonsense`)).statusCode).toBe(400);
  });

  it("rotates the join code: the old one stops working, the new one works", async () => {
    const c = await newClass();
    const res = await teacher.post(`${base()}/classes/${c.id}/join-code`);
    expect(res.statusCode).toBe(200);
    const code = res.json().joinCode;
    expect(code).not.toBe(c.joinCode);
    expect((await join(c.joinCode)).res.statusCode).toBe(404);
    expect((await join(code)).res.statusCode).toBe(201);
  });

  it("retries when a new code collides with an existing one", async () => {
    const taken = await newClass("Taken");
    vi.mocked(newJoinCode).mockReturnValueOnce(taken.joinCode).mockReturnValueOnce(taken.joinCode);
    const c = await newClass("Second");
    expect(c.joinCode).not.toBe(taken.joinCode);
    vi.mocked(newJoinCode).mockReturnValueOnce(taken.joinCode);
    const rotated = (await teacher.post(`${base()}/classes/${c.id}/join-code`)).json();
    expect(rotated.joinCode).not.toBe(taken.joinCode);
    expect(rotated.joinCode).not.toBe(c.joinCode);
  });

  it("lets a new student join with the code in any case, signed in as a student of the organization", async () => {
    const c = await newClass();
    const email = uniqueEmail("joiner");
    const typed = `${c.joinCode.slice(0, 4).toLowerCase()}-${c.joinCode.slice(4)}`;
    const { client, res } = await join(typed, { email, name: "Jo Joiner" });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.user.email).toBe(email);
    expect(body.organization.id).toBe(orgId);
    expect(body.membership).toMatchObject({ organizationId: orgId, role: "student" });
    expect(body.class).toMatchObject({ id: c.id, studentCount: 1 });
    expect(res.body).not.toMatch(/scrypt|password/);
    const me = (await client.get("/api/v1/me")).json();
    expect(me.memberships).toEqual([{ organization: expect.objectContaining({ id: orgId }), role: "student" }]);
    const joined = (await events("student.joined")).filter((e) => e.classId === c.id);
    expect(joined).toEqual([expect.objectContaining({ userId: body.user.id, via: "code", accountCreated: true })]);

    const list = (await teacher.get(`${base()}/classes/${c.id}/students`)).json();
    expect(list.items).toEqual([
      expect.objectContaining({ id: body.user.id, name: "Jo Joiner", email, addedVia: "code" }),
    ]);
  });

  it("lets an existing account join one more class, in another organization, only with its password", async () => {
    const c1 = await newClass("First");
    const email = uniqueEmail("multi");
    const first = await join(c1.joinCode, { email });
    expect(first.res.statusCode).toBe(201);

    const other = await signUp(t.app, { organizationName: "Other School" });
    const c2 = (await other.client.post(`/api/v1/orgs/${other.orgId}/classes`, { name: "Elsewhere" })).json();

    const wrong = await join(c2.joinCode, { email, password: "not the password" });
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.json().error.code).toBe("invalid_credentials");
    expect(wrong.client.cookie).toBeNull();
    const members = await t.ctx.database.db
      .selectFrom("memberships")
      .select("role")
      .where("organization_id", "=", other.orgId)
      .where("user_id", "=", first.res.json().user.id)
      .execute();
    expect(members).toHaveLength(0);

    const ok = await join(c2.joinCode, { email, name: "Ignored Name" });
    expect(ok.res.statusCode).toBe(201);
    expect(ok.res.json().user.id).toBe(first.res.json().user.id);
    expect(ok.res.json().user.name).toBe("Sam Student");
    const me = (await ok.client.get("/api/v1/me")).json();
    expect(me.memberships.map((m: { organization: { id: string } }) => m.organization.id).sort()).toEqual(
      [orgId, other.orgId].sort(),
    );
    // Joining the same class again changes nothing.
    const again = await join(c2.joinCode, { email });
    expect(again.res.statusCode).toBe(201);
    expect(again.res.json().class.studentCount).toBe(1);
  });

  it("refuses a teacher of the organization who tries to join one of its classes as a student", async () => {
    const c = await newClass();
    const staff = await addMember(t, orgId, "teacher", "Tina Teacher");
    const res = await join(c.joinCode, { email: staff.email, password: staff.password });
    expect(res.res.statusCode).toBe(409);
    expect(res.res.json().error.code).toBe("staff_cannot_join");
    expect((await teacher.get(`${base()}/classes/${c.id}`)).json().studentCount).toBe(0);
  });

  it("validates the join body", async () => {
    const res = await new Client(t.app).post("/api/v1/auth/join", { code: "ABCD2345", name: "", email: "x" });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .join(" ");
    expect(fields).toMatch(/name/);
    expect(fields).toMatch(/email/);
    expect(fields).toMatch(/password/);
  });

  it("lets a teacher add students (existing or new accounts) and remove them", async () => {
    const c = await newClass();
    const existing = await join((await newClass("Another")).joinCode, { name: "Eve Existing" });
    const existingEmail = existing.res.json().user.email;
    const add1 = await teacher.post(`${base()}/classes/${c.id}/students`, { email: existingEmail, name: "X" });
    expect(add1.statusCode, add1.body).toBe(201);
    expect(add1.json()).toMatchObject({ name: "Eve Existing", email: existingEmail, addedVia: "teacher" });

    const newEmail = uniqueEmail("added");
    const add2 = await teacher.post(`${base()}/classes/${c.id}/students`, { email: newEmail, name: "Nick New" });
    expect(add2.statusCode).toBe(201);
    // The new account has no usable password: logging in fails until a password reset.
    const login = await new Client(t.app).post("/api/v1/auth/login", { email: newEmail, password: "!no-password" });
    expect(login.statusCode).toBe(401);
    const role = await t.ctx.database.db
      .selectFrom("memberships")
      .select("role")
      .where("user_id", "=", add2.json().id)
      .executeTakeFirst();
    expect(role?.role).toBe("student");

    const dup = await teacher.post(`${base()}/classes/${c.id}/students`, { email: newEmail, name: "Nick New" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe("already_in_class");

    const staff = await teacher.post(`${base()}/classes/${c.id}/students`, {
      email: (await addMember(t, orgId, "admin")).email,
      name: "Adam Admin",
    });
    expect(staff.statusCode).toBe(409);

    expect((await teacher.get(`${base()}/classes/${c.id}`)).json().studentCount).toBe(2);
    expect((await teacher.delete(`${base()}/classes/${c.id}/students/${add2.json().id}`)).statusCode).toBe(204);
    expect((await teacher.delete(`${base()}/classes/${c.id}/students/${add2.json().id}`)).statusCode).toBe(404);
    const list = (await teacher.get(`${base()}/classes/${c.id}/students`)).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([add1.json().id]);
    expect((await events("student.removed")).some((e) => e.userId === add2.json().id)).toBe(true);
  });

  it("keeps classes to their organization and their staff", async () => {
    const c = await newClass();
    const other = await signUp(t.app, { organizationName: "Elsewhere" });
    // Another organization's staff, on their own organization's path: the class does not exist there.
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/classes/${c.id}`)).statusCode).toBe(404);
    expect((await other.client.patch(`/api/v1/orgs/${other.orgId}/classes/${c.id}`, { name: "x" })).statusCode).toBe(
      404,
    );
    expect((await other.client.post(`/api/v1/orgs/${other.orgId}/classes/${c.id}/join-code`)).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/classes/${c.id}/students`)).statusCode).toBe(404);
    expect(
      (
        await other.client.post(`/api/v1/orgs/${other.orgId}/classes/${c.id}/students`, {
          email: uniqueEmail(),
          name: "X",
        })
      ).statusCode,
    ).toBe(404);
    const list = (await other.client.get(`/api/v1/orgs/${other.orgId}/classes`)).json();
    expect(list.items).toEqual([]);
    // A student of the class may not read its student list (decision: 403 for students).
    const s = await join(c.joinCode);
    expect((await s.client.get(`${base()}/classes/${c.id}/students`)).statusCode).toBe(403);
    expect((await s.client.get(`${base()}/classes`)).statusCode).toBe(403);
  });

  it("rate-limits wrong join codes per IP with 429 and Retry-After", async () => {
    const c = await newClass();
    // Earlier tests spent some of this IP's failures (old and deleted codes).
    await t.ctx.rateLimiter.reset("join:ip:127.0.0.1");
    for (let i = 0; i < JOIN_MAX_FAILURES_PER_IP; i++) {
      const res = await join("ZZZZ2222");
      expect(res.res.statusCode).toBe(404);
    }
    const blocked = await join(c.joinCode);
    expect(blocked.res.statusCode).toBe(429);
    expect(blocked.res.json().error.code).toBe("rate_limited");
    expect(Number(blocked.res.headers["retry-after"])).toBeGreaterThan(0);
    expect((await teacher.get(`${base()}/classes/${c.id}`)).json().studentCount).toBe(0);
  });
});
