/** Load generation with autocannon against a server in another process, so the two never share an event loop. */
import autocannon from "autocannon";

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
  /** Requests answered, per status code. */
  statusCodes: Record<string, number>;
  total: number;
}

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  /** How long to load; ignored when `amount` is given. */
  seconds?: number;
  /** Exactly this many requests (e.g. one per prepared student), however long they take. */
  amount?: number;
  /** Per-request setup (e.g. a different body for each request). */
  requests?: autocannon.Request[];
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: opts.url,
    method: opts.method ?? "GET",
    headers: opts.headers,
    body: opts.body,
    connections: opts.connections ?? 20,
    duration: opts.seconds ?? 10,
    amount: opts.amount,
    requests: opts.requests,
    // autocannon notices the end of an `amount` run only at its sampling tick (1 s by default), so a run of 4.2 s
    // was reported as 5 s: a tenth of a second keeps that error small.
    sampleInt: 100,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(v.count);
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    // Completed requests over the run's wall time (the per-second average would count a partial last second).
    rps: total / result.duration,
    total,
    statusCodes,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second (for in-process work). */
export function opsPerSecond(fn: () => void, ms: number): number {
  // Warm up so the JIT has compiled the hot path before we count.
  const warmEnd = performance.now() + Math.min(200, ms / 4);
  while (performance.now() < warmEnd) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}
