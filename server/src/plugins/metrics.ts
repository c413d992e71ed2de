/** Prometheus metrics: an HTTP duration histogram by route and status, plus the process metrics. */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Counter, collectDefaultMetrics, Registry } from "prom-client";
import { RouteHistogram } from "../infra/metrics/route-histogram.ts";

declare module "fastify" {
  interface FastifyInstance {
    metrics: Registry;
  }
}

export default fp(
  async function metricsPlugin(app: FastifyInstance, opts: { registry?: Registry }) {
    const registry = opts.registry ?? new Registry();
    collectDefaultMetrics({ register: registry });
    const duration = new RouteHistogram(
      "http_request_duration_seconds",
      "HTTP request duration by route and status",
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ).register(registry);
    const errors = new Counter({
      name: "http_server_errors_total",
      help: "Responses with status 500 or more",
      labelNames: ["route"],
      registers: [registry],
    });
    app.decorate("metrics", registry);
    app.addHook("onResponse", (request, reply, done) => {
      // The route pattern, never the raw URL: ids in paths would explode the label set.
      const route = request.routeOptions.url ?? "unmatched";
      duration.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) errors.inc({ route });
      done();
    });
    app.get("/metrics", { schema: { hide: true } }, async (_req, reply) => {
      reply.header("content-type", registry.contentType);
      return registry.metrics();
    });
  },
  { name: "metrics" },
);
