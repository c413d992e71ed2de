/**
 * Whether an error means "the database cannot be reached right now" (stopped, restarting, failing over, out of
 * connections) rather than "this query is wrong". Such a request is answered 503 with Retry-After: the client
 * tries again and the pool reconnects by itself once the database is back.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);

// PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot
// connect now: starting up or shutting down), 53300 (too many connections).
const POSTGRES_CODES = /^(08...|57P0[123]|53300)$/;

const MYSQL_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
  "ER_SERVER_GONE_ERROR",
  "ER_SERVER_LOST",
]);

// node-postgres reports a dropped socket or a pool wait in words only.
const MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Connection is closed|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  if (NETWORK_CODES.has(code) || MYSQL_CODES.has(code) || POSTGRES_CODES.test(code)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
