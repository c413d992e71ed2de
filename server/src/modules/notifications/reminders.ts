/**
 * Due-date reminders, a scheduled module: students who have not submitted an assignment due within
 * `REMINDER_LEAD_HOURS` (default 24) get one reminder, never two for the same assignment (sent_reminders).
 */
import type { AppContext } from "../../context.ts";
import { mailerFor, publicBaseUrl } from "../../infra/mail/mailer.ts";
import { dueReminderMail } from "../../infra/mail/templates.ts";
import { nowIso } from "../../lib/ids.ts";
import * as repo from "./notifications.repository.ts";

const BATCH = 500;

export function reminderLeadHours(ctx: AppContext): number {
  return ctx.config.REMINDER_LEAD_HOURS;
}

/** Sends the reminders due now; returns how many went out. Idempotent: run it as often as you like. */
export async function sendDueReminders(ctx: AppContext, now = Date.now()): Promise<number> {
  const db = ctx.database.db;
  const until = nowIso(now + reminderLeadHours(ctx) * 3_600_000);
  const base = publicBaseUrl(ctx.config);
  let sent = 0;
  for (;;) {
    const batch = await repo.studentsToRemind(db, nowIso(now), until, BATCH);
    for (const r of batch) {
      if (!r.dueAt || !(await repo.claimReminder(db, r.organizationId, r.assignmentId, r.userId))) continue;
      const mail = dueReminderMail({
        studentName: r.name,
        title: r.title,
        className: r.className,
        dueAt: r.dueAt,
        link: `${base}/o/${encodeURIComponent(r.organizationId)}/my`,
      });
      try {
        await mailerFor(ctx).send({ to: r.email, ...mail });
      } catch (err) {
        // Released so that the next run tries again; stop this run, the SMTP server is likely down.
        await repo.releaseReminder(db, r.assignmentId, r.userId);
        ctx.logger.warn({ err: (err as Error).message, assignmentId: r.assignmentId }, "reminder send failed");
        throw err;
      }
      sent++;
    }
    if (batch.length < BATCH) return sent;
  }
}
