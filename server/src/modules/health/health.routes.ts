/**
 * Liveness and readiness for load balancers and orchestrators (no `/api/v1` prefix, no authentication).
 *
 * `/readyz` answers whether this process can serve: that is the database. Redis carries caches, shared rate
 * limits and the job queue, all of which degrade (to a miss, to per-process limits, to the outbox waiting in the
 * database), so a Redis problem makes the answer `degraded` with 200: a load balancer must not pull every node
 * out while submissions still work. Every check has a deadline, so the probe itself never hangs.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { AppContext } from "../../context.ts";

const CHECK_TIMEOUT_MS = 2000;

async function check(work: () => Promise<unknown>): Promise<"ok" | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return "ok";
  } catch (err) {
    return (err as Error).message || "failed";
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    const redis = ctx.redis;
    const [database, redisCheck] = await Promise.all([
      check(() => sql`select 1`.execute(ctx.database.db)),
      redis ? check(() => redis.ping()) : Promise.resolve(null),
    ]);
    const checks: Record<string, string> = { database };
    if (redisCheck !== null) checks.redis = redisCheck;
    const status = database !== "ok" ? "not_ready" : redisCheck !== null && redisCheck !== "ok" ? "degraded" : "ready";
    return reply.status(status === "not_ready" ? 503 : 200).send({ status, checks });
  });
}
