/**
 * The class calibration follows the work: a graded first attempt (submitted, graded by a teacher, regraded)
 * schedules one recompute of its class, ~5 s later; changes meanwhile share that job (its id), so a class where
 * thirty students submit in a minute is calibrated a few times, not thirty.
 */
import type { AppContext } from "../../context.ts";
import { registerJob } from "../../jobs/registry.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import * as insightRepo from "../insight/insight.repository.ts";
import { recomputeClass } from "./calibration.service.ts";

export const CALIBRATION_JOB = "calibration.recompute";
export const CALIBRATION_DELAY_MS = 5_000;

registerJob<{ organizationId: string; classId: string }>(
  CALIBRATION_JOB,
  async (ctx, data) => recomputeClass(ctx, data.organizationId, data.classId),
  { attempts: 3 },
);

export async function requestCalibration(ctx: AppContext, organizationId: string, classId: string) {
  try {
    await ctx.jobs.enqueue(
      CALIBRATION_JOB,
      { organizationId, classId },
      { jobId: `calibration.recompute.${classId}`, delay: CALIBRATION_DELAY_MS },
    );
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message, classId }, "could not enqueue the class calibration");
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

subscribe(
  ["attempt.submitted", "attempt.graded", "response.graded", "student.removed"],
  "calibration.schedule",
  async (ctx, event) => {
    const orgId = event.organizationId;
    if (!orgId) return;
    const p = event.payload;
    const classId =
      str(p.classId) ??
      (await insightRepo.classOfEvent(ctx.database.db, orgId, {
        assignmentId: str(p.assignmentId),
        attemptId: str(p.attemptId),
        responseId: str(p.responseId),
      }));
    if (classId) await requestCalibration(ctx, orgId, classId);
  },
);
