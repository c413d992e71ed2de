import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createTestApp, type TestApp } from "../../test/harness.ts";
import { DEMO_TEACHER, seedDemo } from "./demo.ts";
import { DEMO_STUDENTS } from "./demo-content.ts";

describe("demo organization", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", {}, { jobs: true });
  });
  afterAll(async () => t?.close());

  it("is created once, through the API, with graded attempts a teacher can explore", async () => {
    const demo = await seedDemo(t.ctx, t.app);
    expect(demo?.joinCode).toMatch(/^[A-Z2-9]{6,}$/);
    expect(await seedDemo(t.ctx, t.app)).toBeNull();

    const teacher = new Client(t.app);
    const login = await teacher.post("/api/v1/auth/login", DEMO_TEACHER);
    expect(login.statusCode).toBe(200);
    const orgId = login.json().memberships[0].organization.id;
    const assignments = (await teacher.get(`/api/v1/orgs/${orgId}/assignments`)).json().items;
    expect(assignments).toHaveLength(1);
    const attempts = await t.ctx.database.db.selectFrom("attempts").select(["status", "score"]).execute();
    expect(attempts).toHaveLength(DEMO_STUDENTS.length);
    expect(attempts.every((a) => a.status === "submitted")).toBe(true);
    // Strong and struggling students: the scores spread, so the item analysis has something to say.
    const scores = attempts.map((a) => a.score as number);
    expect(Math.max(...scores)).toBeGreaterThan(Math.min(...scores) + 2);
    const categories = await t.ctx.database.db.selectFrom("responses").select("error_categories").execute();
    const all = categories.flatMap((r) => JSON.parse(r.error_categories) as string[]);
    for (const c of ["spelling", "word_form", "article", "preposition", "wrong_option"]) expect(all).toContain(c);
  });
});
