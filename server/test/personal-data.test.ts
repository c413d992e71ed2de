/**
 * Personal data (operations.md): the export holds every row the database has about a person; erasure leaves no
 * trace of their name or email in any text column of any table, keeps the statistics' counts (or removes the
 * attempts with `{"attempts": "delete"}`), keeps the account of a person who belongs elsewhere, and is audited.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertMembership } from "../src/modules/identity/identity.repository.ts";
import { seedOrganization } from "./backup-fixtures.ts";
import { RIGHT_RESPONSES } from "./factories.ts";
import { Client, createTestApp, type TestApp, testEngines, uniqueEmail } from "./harness.ts";

const work = mkdtempSync(join(tmpdir(), "lc-gdpr-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The files of a zip, read by Python's zipfile (an implementation independent of ours). */
function unzip(body: Buffer): Record<string, string> {
  const file = join(work, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, body);
  const out = execFileSync("python3", [
    "-c",
    "import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))",
    file,
  ]);
  return JSON.parse(out.toString()) as Record<string, string>;
}

const TEXT = /char|text|clob|string/i;

describe.each(testEngines())("personal data on %s", (engine) => {
  let t: TestApp;
  let seed: Awaited<ReturnType<typeof seedOrganization>>;
  let admin: Client;
  let base: string;
  let schema: { name: string; text: string[] }[];

  /** Every row of every table with a text column containing `needle`, counted per table. */
  async function occurrences(needle: string): Promise<Record<string, number>> {
    const found: Record<string, number> = {};
    for (const table of schema) {
      if (!table.text.length) continue;
      const row = await t.ctx.database.db
        .selectFrom(table.name as "users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where((eb) => eb.or(table.text.map((c) => eb(c as "id", "like", `%${needle}%`))))
        .executeTakeFirstOrThrow();
      if (Number(row.n)) found[table.name] = Number(row.n);
    }
    return found;
  }

  async function statistics() {
    const res = await admin.get(`${base}/assignments/${seed.assignmentId}/statistics?attempts=all`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return {
      attempts: body.attempts,
      items: body.items.map((i: { itemId?: string; n?: number; facility?: number }) => [i.itemId, i.n, i.facility]),
    };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    seed = await seedOrganization(t);
    admin = seed.owner.client;
    base = `/api/v1/orgs/${seed.orgId}`;
    const tables = await t.ctx.database.db.introspection.getTables();
    schema = tables
      .filter((x) => !x.isView && !/^(kysely_|exercises_fts)/.test(x.name))
      .map((x) => ({ name: x.name, text: x.columns.filter((c) => TEXT.test(c.dataType)).map((c) => c.name) }));
  }, 120_000);
  afterAll(async () => t?.close());

  it("exports every row the database holds about a student, with a README, for admins only", async () => {
    const student = seed.students[0]!;
    const res = await admin.get(`${base}/members/${student.userId}/data-export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    const files = unzip(res.rawPayload);
    expect(files["README.txt"]).toContain(student.email);
    const account = JSON.parse(files["account.json"] as string);
    expect(account).toMatchObject({ id: student.userId, name: student.name, email: student.email });
    expect(JSON.stringify(files)).not.toMatch(/password_hash|scrypt\$/);

    // Independently of the registry: every table where any text column names them, and at least as many rows.
    const byId = await occurrences(student.userId);
    const byEmail = await occurrences(student.email);
    for (const [table, n] of Object.entries({ ...byEmail, ...byId })) {
      if (table === "users") continue;
      const exported = files[`${table}.json`];
      expect(exported, `${table} has ${n} rows about the student`).toBeDefined();
      expect(JSON.parse(exported as string).length, table).toBeGreaterThanOrEqual(
        Math.max(byId[table] ?? 0, byEmail[table] ?? 0),
      );
    }
    // Rows about them through their attempts, and nothing of another student.
    expect(JSON.parse(files["attempts.json"] as string)).toHaveLength(1);
    expect(JSON.parse(files["responses.json"] as string).length).toBeGreaterThan(0);
    expect(JSON.stringify(files)).not.toContain(seed.students[1]!.userId);

    expect((await seed.teacher.client.get(`${base}/members/${student.userId}/data-export`)).statusCode).toBe(403);
    expect((await admin.get(`${base}/members/${seed.otherOrgId}/data-export`)).statusCode).toBe(404);
  });

  it("refuses bad requests with a 4xx and changes nothing", async () => {
    const student = seed.students[0]!;
    expect((await admin.post(`${base}/members/${student.userId}/erase`, { attempts: "shred" })).statusCode).toBe(400);
    expect((await admin.post(`${base}/members/${seed.owner.userId}/erase`, {})).statusCode).toBe(409);
    expect((await seed.teacher.client.post(`${base}/members/${student.userId}/erase`, {})).statusCode).toBe(403);
    expect((await admin.post(`${base}/members/not-a-member/erase`, {})).statusCode).toBe(404);
    expect((await student.client.get(`${base}/members/${student.userId}`)).statusCode).not.toBe(401);
  });

  it("erases a student: no name or email left anywhere, statistics' counts unchanged, audited", async () => {
    const student = seed.students[0]!;
    const before = await statistics();
    expect(Object.keys(await occurrences(student.email)).length).toBeGreaterThan(0);
    const res = await admin.post(`${base}/members/${student.userId}/erase`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userId: student.userId, accountKept: false, attempts: "keep" });

    expect(await occurrences(student.email)).toEqual({});
    expect(await occurrences(student.name)).toEqual({});
    expect(await statistics()).toEqual(before);
    // They can no longer log in; their session is gone.
    expect((await student.client.get("/api/v1/me")).statusCode).toBe(401);
    const login = await new Client(t.app).post("/api/v1/auth/login", {
      email: student.email,
      password: "student password 1",
    });
    expect(login.statusCode).toBe(401);

    const audit = (await admin.get(`${base}/audit`)).json();
    expect(audit.items[0]).toMatchObject({
      action: "member.erased",
      actor: { type: "user", id: seed.owner.userId },
      target: { type: "user", id: student.userId },
    });
    expect(JSON.stringify(audit)).not.toContain(student.email);
  });

  it("keeps the account of a person who belongs to another organization; this one's data goes to a placeholder", async () => {
    const student = seed.students[1]!;
    await insertMembership(t.ctx.database.db, seed.otherOrgId, student.userId, "student");
    const before = await statistics();
    const res = await admin.post(`${base}/members/${student.userId}/erase`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accountKept).toBe(true);
    expect(await statistics()).toEqual(before);
    const db = t.ctx.database.db;
    const user = await db.selectFrom("users").selectAll().where("id", "=", student.userId).executeTakeFirstOrThrow();
    expect(user.email).toBe(student.email);
    const left = await db
      .selectFrom("attempts")
      .select("id")
      .where("organization_id", "=", seed.orgId)
      .where("user_id", "=", student.userId)
      .execute();
    expect(left).toEqual([]);
    expect(
      await db.selectFrom("memberships").select("organization_id").where("user_id", "=", student.userId).execute(),
    ).toEqual([{ organization_id: seed.otherOrgId }]);
    const login = await new Client(t.app).post("/api/v1/auth/login", {
      email: student.email,
      password: "student password 1",
    });
    expect(login.statusCode).toBe(200);
  });

  it('removes the attempts too with {"attempts": "delete"}, and the statistics go with them', async () => {
    const code = (
      await db().selectFrom("classes").select("join_code").where("id", "=", seed.classId).executeTakeFirstOrThrow()
    ).join_code;
    const client = new Client(t.app);
    const email = uniqueEmail("leaver");
    const joined = await client.post("/api/v1/auth/join", {
      code,
      name: "Lena Leaver",
      email,
      password: "student password 1",
    });
    expect(joined.statusCode, joined.body).toBe(201);
    const userId = joined.json().user.id as string;
    const attempt = (await client.post(`${base}/assignments/${seed.assignmentId}/attempts`)).json();
    const submitted = await client.post(
      `${base}/attempts/${attempt.id}/submit`,
      { responses: { tf: RIGHT_RESPONSES.tf } },
      { "idempotency-key": "leaver-1" },
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    const submittedAttempts = async () =>
      (
        await db()
          .selectFrom("attempts")
          .select("id")
          .where("assignment_id", "=", seed.assignmentId)
          .where("status", "=", "submitted")
          .execute()
      ).length;
    const before = await submittedAttempts();

    const res = await admin.post(`${base}/members/${userId}/erase`, { attempts: "delete" });
    expect(res.statusCode, res.body).toBe(200);
    expect(await db().selectFrom("attempts").select("id").where("user_id", "=", userId).execute()).toEqual([]);
    expect(await db().selectFrom("responses").select("id").where("attempt_id", "=", attempt.id).execute()).toEqual([]);
    expect(await submittedAttempts()).toBe(before - 1);
    // The sums that held the attempt are rebuilt from what is left.
    expect((await statistics()).attempts).toBe(before - 1);
    expect(await occurrences(email)).toEqual({});
    expect(await occurrences("Lena Leaver")).toEqual({});
  });

  const db = () => t.ctx.database.db;
});
