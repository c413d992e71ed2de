/**
 * The notifications' work in the job system: mail subscribed to outbox events, due-date reminders and the
 * operational alert check on schedules, and the pruning of the integrations' logs. Imported by jobs/modules.ts;
 * the webhooks' own jobs are modules/webhooks/webhooks.jobs.ts.
 *
 * Intervals: JOBS_REMINDERS_INTERVAL (900 s), JOBS_ALERTS_INTERVAL (300 s), JOBS_INTEGRATIONS_INTERVAL (pruning of
 * the delivery log and once-only guards, daily).
 */
import { checkAlerts } from "../../infra/metrics/alerts.ts";
import { installJobObservers } from "../../infra/metrics/statsd.ts";
import { registerJob } from "../../jobs/registry.ts";
import { schedule } from "../../jobs/schedules.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { nowIso } from "../../lib/ids.ts";
import { pruneDeliveries } from "../webhooks/webhooks.delivery.ts";
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
