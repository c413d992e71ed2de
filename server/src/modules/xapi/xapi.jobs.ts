/**
 * xAPI in the job system: statements from submissions and teacher grades (outbox subscribers), sent by the
 * `xapi.send` job (retried 30 s, 1 min, 2 min…: the first retry within a minute) and a sweeper every minute for
 * statements whose retry time has come. JOBS_XAPI_INTERVAL sets the sweeper's interval.
 */
import { registerJob } from "../../jobs/registry.ts";
import { schedule } from "../../jobs/schedules.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { organizationsWithDueStatements, sendDue } from "./xapi.sender.ts";
import { statementForGrade, statementsForSubmission } from "./xapi.statements.ts";

subscribe("attempt.submitted", "xapi.submission", async (ctx, event) => {
  const attemptId = String(event.payload.attemptId ?? "");
  if (!event.organizationId || !attemptId) return;
  if (await statementsForSubmission(ctx, event.organizationId, attemptId)) {
    await ctx.jobs.enqueue("xapi.send", { organizationId: event.organizationId }, { jobId: `xapi.send.${event.id}` });
  }
});

subscribe("response.graded", "xapi.grade", async (ctx, event) => {
  const p = event.payload as { attemptId?: string; itemId?: string; score?: number; maxScore?: number };
  if (!event.organizationId || !p.attemptId || !p.itemId) return;
  const queued = await statementForGrade(ctx, event.organizationId, {
    attemptId: p.attemptId,
    itemId: p.itemId,
    score: Number(p.score ?? 0),
    maxScore: Number(p.maxScore ?? 0),
    eventId: event.id,
    at: event.createdAt,
  });
  if (queued)
    await ctx.jobs.enqueue("xapi.send", { organizationId: event.organizationId }, { jobId: `xapi.send.${event.id}` });
});

registerJob<{ organizationId: string }>(
  "xapi.send",
  async (ctx, { organizationId }) => {
    await sendDue(ctx, organizationId);
  },
  { attempts: 6, backoffMs: 30_000 },
);

registerJob("xapi.sweep", async (ctx) => {
  for (const organizationId of await organizationsWithDueStatements(ctx)) {
    await ctx.jobs.enqueue(
      "xapi.send",
      { organizationId },
      { jobId: `xapi.send.sweep.${organizationId}.${Date.now()}` },
    );
  }
});
schedule("xapi", "xapi.sweep", 60);
