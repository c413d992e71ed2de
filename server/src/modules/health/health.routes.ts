/** Liveness and readiness for load balancers and orchestrators (no `/api/v1` prefix, no authentication). */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { AppContext } from "../../context.ts";

export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, "ok" | string> = {};
    try {
      await sql`select 1`.execute(ctx.database.db);
      checks.database = "ok";
    } catch (err) {
      checks.database = (err as Error).message;
    }
    if (ctx.redis) {
      try {
        await ctx.redis.ping();
        checks.redis = "ok";
      } catch (err) {
        checks.redis = (err as Error).message;
      }
    }
    const ready = Object.values(checks).every((v) => v === "ok");
    return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
  });
}
