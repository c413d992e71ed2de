/**
 * The load generator of `school_burst`, in its own process (forked by burst.ts) so that it never shares an event
 * loop with what it measures. It sends each request at its planned arrival time (open loop: a student presses
 * "Submit" whether or not the others have been answered) through a keep-alive pool of at most `sockets`
 * connections, and times each from its arrival, so a request that waited for a free connection counts that wait.
 */
import { Agent, request } from "node:http";

export interface BurstRequest {
  method: "POST" | "GET";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface BurstPlan {
  origin: string;
  requests: BurstRequest[];
  /** Milliseconds from the start at which each request is sent (same order as `requests`). */
  arrivals: number[];
  sockets: number;
}

export interface BurstOutcome {
  /** HTTP status, or 0 when the request failed without one (connection refused, reset, timeout). */
  status: number;
  /** From the planned arrival to the end of the answer. */
  latencyMs: number;
  /** From the moment it was written on a connection to the end of the answer. */
  serviceMs: number;
  error?: string;
}

function send(agent: Agent, origin: URL, r: BurstRequest): Promise<{ status: number; error?: string; sentAt: number }> {
  return new Promise((resolve) => {
    let sentAt = performance.now();
    const req = request(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        method: r.method,
        path: r.path,
        headers: r.body ? { ...r.headers, "content-length": Buffer.byteLength(r.body) } : r.headers,
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sentAt }));
        res.on("error", (err) => resolve({ status: 0, error: err.message, sentAt }));
      },
    );
    req.on("socket", () => {
      sentAt = performance.now();
    });
    req.on("timeout", () => req.destroy(new Error("timeout after 30 s")));
    req.on("error", (err) => resolve({ status: 0, error: err.message, sentAt }));
    req.end(r.body);
  });
}

export async function runBurst(plan: BurstPlan): Promise<{ outcomes: BurstOutcome[]; wallMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.sockets, maxFreeSockets: plan.sockets });
  const origin = new URL(plan.origin);
  const outcomes: BurstOutcome[] = new Array(plan.requests.length);
  const t0 = performance.now() + 50;
  const order = plan.arrivals.map((a, i) => [a, i] as const).sort((x, y) => x[0] - y[0]);
  const pending: Promise<void>[] = [];
  for (const [at, i] of order) {
    const wait = t0 + at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const arrival = t0 + at;
    pending.push(
      send(agent, origin, plan.requests[i]!).then((res) => {
        const end = performance.now();
        outcomes[i] = {
          status: res.status,
          latencyMs: end - arrival,
          serviceMs: end - res.sentAt,
          ...(res.error ? { error: res.error } : {}),
        };
      }),
    );
  }
  await Promise.all(pending);
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { outcomes, wallMs };
}

// Forked: one plan in, the outcomes out.
if (process.send) {
  process.once("message", async (plan: BurstPlan) => {
    const result = await runBurst(plan);
    process.send!(result, () => process.exit(0));
  });
}
