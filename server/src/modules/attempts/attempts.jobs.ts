/** Submit idempotency keys are kept at least 24 hours (KEY_RETENTION_MS), then removed by this hourly job. */
import { registerJob } from "../../jobs/registry.ts";
import { schedule } from "../../jobs/schedules.ts";
import { purgeExpiredKeys } from "./idempotency.ts";

registerJob("attempts.purge_idempotency_keys", async (ctx) => {
  const removed = await purgeExpiredKeys(ctx);
  if (removed) ctx.logger.info({ removed }, "expired idempotency keys removed");
});

schedule("idempotency", "attempts.purge_idempotency_keys", 3600);
