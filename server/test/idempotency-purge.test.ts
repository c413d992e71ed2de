import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredKeys } from "../src/modules/attempts/idempotency.ts";
import { createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("idempotency key retention on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it("keeps keys for 24 hours and removes older ones", async () => {
    const { orgId, userId } = await signUp(t.app);
    const now = Date.parse("2026-06-01T12:00:00.000Z");
    const key = (k: string, hoursAgo: number) => ({
      user_id: userId,
      key: k,
      organization_id: orgId,
      request_hash: "h",
      status: "done" as const,
      status_code: 200,
      response_body: "{}",
      created_at: new Date(now - hoursAgo * 3_600_000).toISOString(),
      locked_at: new Date(now - hoursAgo * 3_600_000).toISOString(),
    });
    await t.ctx.database.db
      .insertInto("idempotency_keys")
      .values([key("fresh", 1), key("day", 23.5), key("old", 49)])
      .execute();
    expect(await purgeExpiredKeys(t.ctx, now)).toBe(1);
    const left = await t.ctx.database.db
      .selectFrom("idempotency_keys")
      .select("key")
      .where("user_id", "=", userId)
      .execute();
    expect(left.map((r) => r.key).sort()).toEqual(["day", "fresh"]);
  });
});
