/**
 * The review loop's background work: the regrade job (one per PATCH {version, regrade}), and the check after each
 * submission that catches an attempt whose submit read the old version while the switch committed.
 */
import { registerJob } from "../../jobs/registry.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { REGRADE_JOB, regradeIfStale, runRegrade } from "./regrade.service.ts";

registerJob<{ jobId: string }>(
  REGRADE_JOB,
  async (ctx, data) => {
    await runRegrade(ctx, data.jobId);
  },
  { attempts: 3 },
);

subscribe("attempt.submitted", "review.regrade_straggler", async (ctx, event) => {
  const attemptId = typeof event.payload.attemptId === "string" ? event.payload.attemptId : undefined;
  if (attemptId) await regradeIfStale(ctx, attemptId);
});
