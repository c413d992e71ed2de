/**
 * Behind a proxy (TRUST_PROXY), the CSRF origin check compares with PUBLIC_URL, never with X-Forwarded-Host, which
 * any client can send (issue 16, defect 10).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signUp, type TestApp } from "./harness.ts";

describe("CSRF origin check behind a proxy", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { TRUST_PROXY: "true", PUBLIC_URL: "https://lc.example.org" });
  });
  afterAll(async () => t?.close());

  it("refuses an Origin that matches only the forwarded host", async () => {
    const { client, orgId } = await signUp(t.app);
    const res = await client.post(
      `/api/v1/orgs/${orgId}/classes`,
      { name: "Evil" },
      { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    );
    expect(res.statusCode).toBe(403);
    const rows = await t.ctx.database.db.selectFrom("classes").select("id").where("name", "=", "Evil").execute();
    expect(rows).toHaveLength(0);
  });

  it("accepts the public origin", async () => {
    const { client, orgId } = await signUp(t.app);
    const res = await client.post(
      `/api/v1/orgs/${orgId}/classes`,
      { name: "Fine" },
      { origin: "https://lc.example.org", "x-forwarded-host": "lc.example.org", "x-forwarded-proto": "https" },
    );
    expect(res.statusCode).toBe(201);
  });
});
