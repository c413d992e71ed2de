/**
 * Requests made in-process (`app.inject`) by the server itself that should not log a line each: the demo
 * seeding sends about thirty at start-up, which buried the URL and the login under JSON (issue 15, item 17).
 * Only injected requests can be quiet (light-my-request marks them), so nothing from the network is hidden.
 */
let depth = 0;

/** Runs `fn` with its injected requests unlogged. */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  depth++;
  try {
    return await fn();
  } finally {
    depth--;
  }
}

export function isQuietRequest(req: { raw?: unknown }): boolean {
  if (depth === 0) return false;
  const raw = (req.raw ?? req) as Record<string, unknown>;
  return typeof raw === "object" && raw !== null && "_lightMyRequest" in raw;
}
