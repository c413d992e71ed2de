/**
 * LTI in the job system: scores for AGS from submissions and teacher grades (outbox subscribers), their delivery
 * as jobs with retries, and roster syncs.
 */
import { registerJob } from "../../jobs/registry.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { deliverScore, giveUpScore, scoresForAttempt } from "./lti.ags.ts";
import { syncRoster } from "./lti.roster.ts";

subscribe(["attempt.submitted", "response.graded"], "lti.scores", async (ctx, event) => {
  const attemptId = String(event.payload.attemptId ?? "");
  if (!event.organizationId || !attemptId) return;
  for (const scoreId of await scoresForAttempt(ctx, event.id, event.organizationId, attemptId)) {
    await ctx.jobs.enqueue("lti.send_score", { scoreId }, { jobId: `lti.score.${scoreId}` });
  }
});

// 30 s, 1, 2, 4, 8 min: the first retry within a minute, about a quarter of an hour in all.
registerJob<{ scoreId: string }>(
  "lti.send_score",
  async (ctx, { scoreId }, job) => {
    try {
      await deliverScore(ctx, scoreId);
    } catch (err) {
      if (job.attempt >= job.maxAttempts) await giveUpScore(ctx, scoreId);
      throw err;
    }
  },
  { attempts: 6, backoffMs: 30_000 },
);

registerJob<{ organizationId: string; classId: string }>(
  "lti.roster_sync",
  async (ctx, { organizationId, classId }) => {
    await syncRoster(ctx, organizationId, classId);
  },
  { attempts: 3, backoffMs: 30_000 },
);
