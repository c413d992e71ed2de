import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import securityHeaders, { API_HEADERS, securityHeaders as computeHeaders } from "./security-headers.ts";

const options = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } } };

describe("security headers", () => {
  it("are Helmet's, computed once from the options", () => {
    const headers = computeHeaders(options);
    expect(headers["content-security-policy"]).toContain("default-src 'self'");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    for (const name of API_HEADERS) expect(headers[name], name).toBeTruthy();
  });

  it("give documents the whole set and API answers the part that matters there", async () => {
    const app = Fastify();
    await app.register(securityHeaders, { helmet: options });
    app.get("/", async () => "<p>page</p>");
    app.get("/api/v1/thing", async () => ({ ok: true }));
    const page = await app.inject({ url: "/" });
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(page.headers["cross-origin-opener-policy"]).toBe("same-origin");
    const api = await app.inject({ url: "/api/v1/thing" });
    expect(api.headers["x-content-type-options"]).toBe("nosniff");
    expect(api.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(api.headers["content-security-policy"]).toBeUndefined();
    // Errors too: the headers are set before anything can fail.
    const missing = await app.inject({ url: "/api/v1/missing" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["x-content-type-options"]).toBe("nosniff");
    await app.close();
  });
});
