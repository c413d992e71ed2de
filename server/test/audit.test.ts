/**
 * The audit log: written inside the caller's transaction (so a rolled-back change leaves no record), never holding
 * secrets, listed newest first to the organization's admins only, page by page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../src/modules/audit/audit.service.ts";
import { addMember, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("audit log on %s", (engine) => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof signUp>>;
  let b: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    a = await signUp(t.app, { organizationName: "School A", name: "Ada Admin" });
    b = await signUp(t.app, { organizationName: "School B" });
  });
  afterAll(async () => t?.close());

  const record = (orgId: string, actor: string | null, action: string, targetId: string, details = {}) =>
    t.ctx.database.db.transaction().execute((trx) =>
      recordAudit(trx, {
        organizationId: orgId,
        actor: { userId: actor },
        action,
        target: { type: "attempt", id: targetId },
        details,
      }),
    );

  it("lists the organization's records newest first with who, what and on what, to admins only", async () => {
    await record(a.orgId, a.userId, "attempt.override", "att-1", { itemId: "q1", from: 0, to: 1 });
    await record(a.orgId, null, "attempt.regraded", "att-2", { from: 3, to: 4 });
    await record(b.orgId, b.userId, "attempt.override", "att-other", {});
    const res = await a.client.get(`/api/v1/orgs/${a.orgId}/audit`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{
      at: string;
      action: string;
      actor: Record<string, unknown>;
      target: { type: string; id: string };
    }>;
    expect(items.map((i) => i.target.id)).toEqual(["att-2", "att-1"]);
    expect(items[1]).toMatchObject({
      action: "attempt.override",
      actor: { type: "user", id: a.userId, name: "Ada Admin" },
      target: { type: "attempt", id: "att-1" },
      details: { itemId: "q1", from: 0, to: 1 },
    });
    expect(items[0]?.actor).toEqual({ type: "system", id: null, name: null });
    expect(Date.parse(items[0]?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(items[1]?.at ?? ""));

    const teacher = await addMember(t, a.orgId, "teacher");
    expect((await teacher.client.get(`/api/v1/orgs/${a.orgId}/audit`)).statusCode).toBe(403);
    const student = await addMember(t, a.orgId, "student");
    expect((await student.client.get(`/api/v1/orgs/${a.orgId}/audit`)).statusCode).toBe(403);
    // Another organization's admin learns nothing about this one.
    expect((await b.client.get(`/api/v1/orgs/${a.orgId}/audit`)).statusCode).toBe(404);
  });

  it("keeps no record of a change that rolled back", async () => {
    await expect(
      t.ctx.database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, {
          organizationId: a.orgId,
          actor: { userId: a.userId },
          action: "attempt.override",
          target: { type: "attempt", id: "rolled-back" },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const res = await a.client.get(`/api/v1/orgs/${a.orgId}/audit?targetId=rolled-back`);
    expect(res.json().items).toEqual([]);
  });

  it("drops secret-looking details whatever the caller passes", async () => {
    await record(a.orgId, a.userId, "member.erased", "user-x", {
      name: "Sam",
      password: "hunter2hunter2",
      nested: { apiToken: "tok_abc", kept: 1 },
    });
    const res = await a.client.get(`/api/v1/orgs/${a.orgId}/audit?targetId=user-x`);
    expect(res.json().items[0].details).toEqual({ name: "Sam", nested: { kept: 1 } });
    const row = await t.ctx.database.db
      .selectFrom("audit_log")
      .select("details")
      .where("target_id", "=", "user-x")
      .executeTakeFirstOrThrow();
    expect(row.details).not.toContain("hunter2");
    expect(row.details).not.toContain("tok_abc");
  });

  it("pages with a cursor and refuses a forged one", async () => {
    for (let i = 0; i < 5; i++) await record(a.orgId, a.userId, "attempt.override", `page-${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/v1/orgs/${a.orgId}/audit?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await a.client.get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    const all = (await a.client.get(`/api/v1/orgs/${a.orgId}/audit?limit=200`))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await a.client.get(`/api/v1/orgs/${a.orgId}/audit?cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_cursor");
  });
});
