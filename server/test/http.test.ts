import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("HTTP edges on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { BODY_LIMIT_BYTES: "2048" });
  });
  afterAll(async () => t?.close());

  it("answers malformed JSON with 400 in the error shape", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"email": "a@b.c",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_json");
  });

  it("answers an oversized body with 413", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/signup",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({
        organizationName: "x".repeat(5000),
        name: "a",
        email: "a@b.co",
        password: "0123456789",
      }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("payload_too_large");
  });

  it("answers a wrong content type with 415", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/xml" },
      payload: "<login/>",
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe("unsupported_media_type");
  });

  it("answers unknown routes with 404 in the error shape", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/does-not-exist" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });

  it("echoes a request id and sets security headers", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "abc-123" } });
    expect(res.headers["x-request-id"]).toBe("abc-123");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    const generated = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports readiness of the database", async () => {
    const res = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks.database).toBe("ok");
  });

  it("exposes Prometheus metrics with the route pattern, not the raw URL", async () => {
    const { client, orgId } = await signUp(t.app);
    await client.get(`/api/v1/orgs/${orgId}`);
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(res.body).toContain('route="/api/v1/orgs/:orgId"');
    expect(res.body).not.toContain(orgId);
    expect(res.body).toContain("process_cpu_user_seconds_total");
  });

  it("serves the OpenAPI document with the contract's paths", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toContain("/api/v1/auth/signup");
    expect(paths).toContain("/api/v1/orgs/{orgId}/members/{userId}");
  });
});
