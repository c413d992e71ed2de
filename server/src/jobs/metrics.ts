/**
 * Job metrics for Prometheus (runs, duration, failures, queue depth), plus observers for other sinks (statsd later).
 * The metrics live in their own registry; `registerJobMetrics(registry)` adds them to another one, e.g. the
 * `/metrics` registry of the API (`registerJobMetrics(app.metrics)`) or the worker's.
 */
import { Counter, Gauge, Histogram, Registry as PromRegistry, type Registry } from "prom-client";

export const jobMetricsRegistry = new PromRegistry();

const runs = new Counter({
  name: "jobs_processed_total",
  help: "Job runs by job name and outcome (completed, failed = an attempt threw)",
  labelNames: ["job", "status"],
  registers: [jobMetricsRegistry],
});
const duration = new Histogram({
  name: "job_duration_seconds",
  help: "Duration of job runs by job name",
  labelNames: ["job"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [jobMetricsRegistry],
});
const finalFailures = new Counter({
  name: "jobs_failed_total",
  help: "Jobs that failed on their last attempt (given up)",
  labelNames: ["job"],
  registers: [jobMetricsRegistry],
});

/** Sources of queue depth, read when Prometheus scrapes. */
const depthSources = new Set<() => Promise<number>>();
const depth = new Gauge({
  name: "jobs_queue_depth",
  help: "Jobs waiting or delayed in the queue",
  registers: [jobMetricsRegistry],
  async collect() {
    let total = 0;
    for (const read of depthSources) total += await read().catch(() => 0);
    this.set(total);
  },
});

export function registerJobMetrics(registry: Registry): void {
  const metrics = { jobs_processed_total: runs, job_duration_seconds: duration, jobs_failed_total: finalFailures };
  for (const [name, metric] of Object.entries(metrics)) {
    if (!registry.getSingleMetric(name)) registry.registerMetric(metric);
  }
  if (!registry.getSingleMetric("jobs_queue_depth")) registry.registerMetric(depth);
}

export function addDepthSource(read: () => Promise<number>): () => void {
  depthSources.add(read);
  return () => depthSources.delete(read);
}

/** A sink told about each run; statsd (hot-shots) can be plugged in here without touching the runtime. */
export interface JobObserver {
  completed?(job: string, ms: number): void;
  failed?(job: string, ms: number, final: boolean, err: Error): void;
}
const observers = new Set<JobObserver>();
export function addJobObserver(observer: JobObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function recordCompleted(job: string, ms: number): void {
  runs.inc({ job, status: "completed" });
  duration.observe({ job }, ms / 1000);
  for (const o of observers) o.completed?.(job, ms);
}

export function recordFailed(job: string, ms: number, final: boolean, err: Error): void {
  runs.inc({ job, status: "failed" });
  duration.observe({ job }, ms / 1000);
  if (final) finalFailures.inc({ job });
  for (const o of observers) o.failed?.(job, ms, final, err);
}
