/**
 * statsd (via hot-shots, over UDP) beside Prometheus' /metrics, for setups that graph with Graphite/StatsD: HTTP
 * request timings and counts (a Fastify plugin), and job timings and outcomes (an observer of the job runtime).
 * Metric names carry the dimensions (no tags), so that any statsd server understands them.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { StatsD } from "hot-shots";
import type { Config } from "../../config.ts";
import type { AppContext } from "../../context.ts";
import { addJobObserver } from "../../jobs/metrics.ts";
import { recordJobFailure } from "./alerts.ts";

const clients = new Map<string, StatsD>();

/** The process's statsd client for this configuration, or null when STATSD_HOST is not set. */
export function statsdFor(config: Config): StatsD | null {
  if (!config.STATSD_HOST) return null;
  const key = `${config.STATSD_HOST}:${config.STATSD_PORT}`;
  let client = clients.get(key);
  if (!client) {
    client = new StatsD({
      host: config.STATSD_HOST,
      port: config.STATSD_PORT,
      prefix: "languagecloud.",
      // Metrics must never take the service down: a lost UDP packet is fine.
      errorHandler: () => {},
    });
    clients.set(key, client);
  }
  return client;
}

/** A metric-name segment: letters, digits and underscores only. */
export function metricSegment(s: string): string {
  return s.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9]+/g, "_") || "root";
}

const installed = new WeakSet<AppContext>();

/**
 * Observes this process's job runs: statsd timings and counts when configured, and final failures recorded for the
 * "jobs keep failing" alert. Once per context; call it wherever jobs run.
 */
export function installJobObservers(ctx: AppContext): void {
  if (installed.has(ctx)) return;
  installed.add(ctx);
  const statsd = statsdFor(ctx.config);
  const remove = addJobObserver({
    completed(job, ms) {
      statsd?.timing(`jobs.${metricSegment(job)}.time`, Math.round(ms));
      statsd?.increment(`jobs.${metricSegment(job)}.completed`);
    },
    failed(job, ms, final, err) {
      statsd?.timing(`jobs.${metricSegment(job)}.time`, Math.round(ms));
      statsd?.increment(`jobs.${metricSegment(job)}.${final ? "gave_up" : "failed"}`);
      if (final) void recordJobFailure(ctx, job, err);
    },
  });
  ctx.onClose(remove);
}

/** Request timings and counts to statsd, by route pattern (never the raw URL), method and status class. */
export default fp(
  async function statsdPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
    installJobObservers(opts.ctx);
    const statsd = statsdFor(opts.ctx.config);
    if (!statsd) return;
    app.addHook("onResponse", async (request, reply) => {
      const ms = Math.round(reply.elapsedTime);
      const route = metricSegment(request.routeOptions.url ?? "unmatched");
      const status = `${Math.floor(reply.statusCode / 100)}xx`;
      statsd.timing("http.request_time", ms);
      statsd.increment(`http.responses.${status}`);
      statsd.timing(`http.routes.${route}.${request.method.toLowerCase()}.time`, ms);
    });
  },
  { name: "statsd" },
);
