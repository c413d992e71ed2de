/**
 * The webhooks' work in the job system: the fan-out subscribed to outbox events, one delivery per job (retries
 * re-enqueued with a delay), and a sweeper for any retry a queue lost. Imported by jobs/modules.ts.
 *
 * Interval: JOBS_WEBHOOKS_INTERVAL (sweeper, 60 s).
 */
import { registerJob } from "../../jobs/registry.ts";
import { schedule } from "../../jobs/schedules.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { deliverDueWebhooks, deliverWebhook, fanOutWebhooks } from "./webhooks.delivery.ts";
import { WEBHOOK_EVENTS } from "./webhooks.schema.ts";

subscribe([...WEBHOOK_EVENTS], "webhooks.fan_out", async (ctx, event) => {
  for (const deliveryId of await fanOutWebhooks(ctx, event)) {
    await ctx.jobs.enqueue("webhooks.deliver", { deliveryId }, { jobId: `webhook.${deliveryId}.first` });
  }
});

/**
 * One attempt; a failed POST is not a failed job (it is recorded and rescheduled here), so the queue's own retries
 * only cover database errors. The retry's job id names its due time, so a redelivered job is not added twice.
 */
registerJob<{ deliveryId: string }>(
  "webhooks.deliver",
  async (ctx, { deliveryId }) => {
    const outcome = await deliverWebhook(ctx, deliveryId);
    if (outcome.status !== "pending" || !outcome.nextAttemptAt) return;
    const due = Date.parse(outcome.nextAttemptAt);
    await ctx.jobs.enqueue(
      "webhooks.deliver",
      { deliveryId },
      { jobId: `webhook.${deliveryId}.${due}`, delay: Math.max(0, due - Date.now()) },
    );
  },
  { attempts: 3 },
);

registerJob("webhooks.sweep", async (ctx) => {
  await deliverDueWebhooks(ctx);
});
schedule("webhooks", "webhooks.sweep", 60);
