import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { RouteHistogram } from "./route-histogram.ts";

describe("RouteHistogram", () => {
  it("exposes cumulative buckets, sum and count per route and status in the Prometheus format", async () => {
    const registry = new Registry();
    const h = new RouteHistogram("http_duration_seconds", "help text", [0.01, 0.1]).register(registry);
    h.observe("GET", "/a/:id", 200, 0.005);
    h.observe("GET", "/a/:id", 200, 0.05);
    h.observe("GET", "/a/:id", 200, 0.5);
    h.observe("POST", "/a/:id", 500, 0.01);
    const text = await registry.metrics();
    expect(text).toContain("# TYPE http_duration_seconds histogram");
    expect(text).toContain('http_duration_seconds_bucket{le="0.01",method="GET",route="/a/:id",status_code="200"} 1');
    expect(text).toContain('http_duration_seconds_bucket{le="0.1",method="GET",route="/a/:id",status_code="200"} 2');
    expect(text).toContain('http_duration_seconds_bucket{le="+Inf",method="GET",route="/a/:id",status_code="200"} 3');
    expect(text).toContain('http_duration_seconds_count{method="GET",route="/a/:id",status_code="200"} 3');
    expect(text).toContain('http_duration_seconds_sum{method="GET",route="/a/:id",status_code="200"} 0.555');
    // A value on a bound falls in that bucket (le is "less than or equal").
    expect(text).toContain('http_duration_seconds_bucket{le="0.01",method="POST",route="/a/:id",status_code="500"} 1');
  });

  it("escapes label values and forgets everything on reset", async () => {
    const registry = new Registry();
    const h = new RouteHistogram("d", "h", [1]).register(registry);
    h.observe("GET", 'odd"route\\', 404, 0.1);
    expect(await registry.metrics()).toContain('route="odd\\"route\\\\"');
    h.reset();
    expect(await registry.metrics()).not.toContain("d_count");
  });
});
