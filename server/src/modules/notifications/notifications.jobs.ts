/**
 * The integrations' work in the job system: mail and webhook fan-out subscribed to outbox events, webhook
 * deliveries as jobs (retries re-enqueued with a delay, and a sweeper for any retry a queue lost), due-date
 * reminders and the operational alert check on schedules. Imported by jobs/modules.ts.
 *
 * Intervals: JOBS_WEBHOOKS_INTERVAL (sweeper, 60 s), JOBS_REMINDERS_INTERVAL (900 s), JOBS_ALERTS_INTERVAL (300 s),
 * JOBS_INTEGRATIONS_INTERVAL (pruning of logs and once-only guards, daily).
 */
import { checkAlerts } from "../../infra/metrics/alerts.ts";
import { installJobObservers } from "../../infra/metrics/statsd.ts";
import { registerJob } from "../../jobs/registry.ts";
import { enqueue } from "../../jobs/runtime.ts";
import { schedule } from "../../jobs/schedules.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { nowIso } from "../../lib/ids.ts";
import { deliverDueWebhooks, deliverWebhook, fanOutWebhooks, pruneDeliveries } from "../webhooks/webhooks.delivery.ts";
import { WEBHOOK_EVENTS } from "../webhooks/webhooks.schema.ts";
import { pruneSent } from "./notifications.repository.ts";
import { MAIL_EVENT_TYPES, mailForEvent } from "./notifications.service.ts";
import { sendDueReminders } from "./reminders.ts";

// SMTP failures are retried for about two hours (30 s, 1 min, 2 min … 64 min); sent_mails keeps it once-only.
subscribe(
  [...MAIL_EVENT_TYPES],
  "notifications.mail",
  async (ctx, event) => {
    await mailForEvent(ctx, event);
  },
  { attempts: 8, backoffMs: 30_000 },
);

subscribe([...WEBHOOK_EVENTS], "webhooks.fan_out", async (ctx, event) => {
  for (const deliveryId of await fanOutWebhooks(ctx, event)) {
    await enqueue(ctx, "webhooks.deliver", { deliveryId }, { jobId: `webhook.${deliveryId}.first` });
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
    await enqueue(
      ctx,
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

registerJob("notifications.reminders", async (ctx) => {
  await sendDueReminders(ctx);
});
schedule("reminders", "notifications.reminders", 900);

registerJob("alerts.check", async (ctx) => {
  installJobObservers(ctx);
  await checkAlerts(ctx);
});
schedule("alerts", "alerts.check", 300);

// The delivery log is kept 30 days; the once-only mail guards 60 (well past any redelivery of their events).
registerJob("integrations.prune", async (ctx) => {
  await pruneDeliveries(ctx, 30);
  await pruneSent(ctx.database.db, nowIso(Date.now() - 60 * 86_400_000));
});
schedule("integrations", "integrations.prune", 86_400);
