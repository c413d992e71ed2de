/**
 * Operational alerts to a Slack-compatible incoming webhook (`ALERT_WEBHOOK_URL`, JSON `{text}`): when jobs keep
 * failing, or when the outbox backs up (events not handed to the queue). A scheduled check evaluates the
 * conditions; each condition alerts at most once per `ALERT_REPEAT_MINUTES` (default 60) across all processes,
 * thanks to a row per condition in alert_states.
 */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import { newId, nowIso } from "../../lib/ids.ts";

const MINUTE = 60_000;

function setting(ctx: AppContext, name: string, fallback: number): number {
  const n = Number(ctx.config.raw[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Records a job that failed its last attempt (from any process), for the check to count. */
export async function recordJobFailure(ctx: AppContext, job: string, err: Error): Promise<void> {
  try {
    await ctx.database.db
      .insertInto("job_failures")
      .values({ id: newId(), job: job.slice(0, 128), error: err.message.slice(0, 500), failed_at: nowIso() })
      .execute();
  } catch (e) {
    ctx.logger.warn({ err: (e as Error).message }, "could not record a job failure");
  }
}

/** Posts `{text}` to ALERT_WEBHOOK_URL (an operator's own URL: trusted, so not behind the SSRF guard). */
export async function sendAlert(ctx: AppContext, text: string): Promise<boolean> {
  const url = ctx.config.ALERT_WEBHOOK_URL;
  if (!url) {
    ctx.logger.warn({ alert: text }, "alert (no ALERT_WEBHOOK_URL configured)");
    return false;
  }
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) ctx.logger.warn({ status: res.status }, "alert webhook refused the alert");
    return res.ok;
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, "alert webhook unreachable");
    return false;
  }
}

/** Takes the right to alert on a condition now: false when it alerted within the interval (here or elsewhere). */
async function claimAlert(ctx: AppContext, condition: string, now: number, detail: string): Promise<boolean> {
  const db = ctx.database.db;
  const repeatMs = setting(ctx, "ALERT_REPEAT_MINUTES", 60) * MINUTE;
  const res = await db
    .updateTable("alert_states")
    .set({ last_alert_at: nowIso(now), detail: detail.slice(0, 1000) })
    .where("condition", "=", condition)
    .where("last_alert_at", "<=", nowIso(now - repeatMs))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return true;
  try {
    await db
      .insertInto("alert_states")
      .values({ condition, last_alert_at: nowIso(now), detail: detail.slice(0, 1000) })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export interface AlertCondition {
  condition: string;
  text: string;
}

/** The conditions that hold now. */
export async function evaluateConditions(ctx: AppContext, now = Date.now()): Promise<AlertCondition[]> {
  const db = ctx.database.db;
  const found: AlertCondition[] = [];

  const backlogAge = setting(ctx, "ALERT_OUTBOX_AGE_MINUTES", 5) * MINUTE;
  const backlog = await db
    .selectFrom("events")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("dispatched_at", "is", null)
    .where("created_at", "<", nowIso(now - backlogAge))
    .executeTakeFirst();
  const waiting = Number(backlog?.n ?? 0);
  if (waiting > 0) {
    found.push({
      condition: "outbox_backlog",
      text: `Language Cloud: the outbox is backing up: ${waiting} event(s) waiting more than ${backlogAge / MINUTE} min (oldest from ${backlog?.oldest}). Is the queue (Redis) reachable and the relay running?`,
    });
  }

  const windowMs = setting(ctx, "ALERT_JOB_FAILURE_WINDOW_MINUTES", 15) * MINUTE;
  const threshold = setting(ctx, "ALERT_JOB_FAILURES", 3);
  const failures = await db
    .selectFrom("job_failures")
    .select(["job", (eb) => eb.fn.countAll<number>().as("n")])
    .where("failed_at", ">=", nowIso(now - windowMs))
    .groupBy("job")
    .orderBy("job")
    .execute();
  const total = failures.reduce((sum, f) => sum + Number(f.n), 0);
  if (total >= threshold) {
    const list = failures.map((f) => `${f.job} ×${Number(f.n)}`).join(", ");
    found.push({
      condition: "jobs_failing",
      text: `Language Cloud: jobs keep failing: ${total} job(s) gave up in the last ${windowMs / MINUTE} min (${list}). See the worker logs.`,
    });
  }
  return found;
}

/** The scheduled check: alerts on each condition that holds, at most once per interval. Returns what it sent. */
export async function checkAlerts(ctx: AppContext, now = Date.now()): Promise<string[]> {
  const sent: string[] = [];
  for (const c of await evaluateConditions(ctx, now)) {
    if (!(await claimAlert(ctx, c.condition, now, c.text))) continue;
    await sendAlert(ctx, c.text);
    sent.push(c.condition);
  }
  // Failures older than a day are no longer evidence of anything.
  await ctx.database.db
    .deleteFrom("job_failures")
    .where("failed_at", "<", nowIso(now - 86_400_000))
    .execute();
  return sent;
}
