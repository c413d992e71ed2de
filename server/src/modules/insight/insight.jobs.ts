/**
 * Insight's background work: the live sums follow submissions and grades, a debounced full recompute follows
 * them (one job per assignment, ~2 s after the first change), and events that change a class's dashboard delete
 * its cached copy. Every handler is idempotent on its own (the sums compare with what they hold; deleting a cache
 * key twice is harmless), so a redelivered event changes nothing.
 */
import { registerJob } from "../../jobs/registry.ts";
import { subscribe } from "../../jobs/subscribers.ts";
import { invalidateDashboard } from "./dashboard.service.ts";
import * as repo from "./insight.repository.ts";
import { applyRegrade, applySubmission } from "./statistics.live.ts";
import { RECOMPUTE_JOB, recomputeAssignment } from "./statistics.recompute.ts";

registerJob<{ organizationId: string; assignmentId: string }>(
  RECOMPUTE_JOB,
  async (ctx, data) => {
    await recomputeAssignment(ctx, data.organizationId, data.assignmentId);
  },
  { attempts: 3 },
);

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

subscribe("attempt.submitted", "analytics.live_submission", async (ctx, event) => {
  const attemptId = str(event.payload.attemptId);
  if (attemptId && event.organizationId) await applySubmission(ctx, event.organizationId, attemptId);
});

subscribe("response.graded", "analytics.live_regrade", async (ctx, event) => {
  const responseId = str(event.payload.responseId);
  const old = event.payload.oldScore;
  if (responseId && event.organizationId)
    await applyRegrade(ctx, event.organizationId, responseId, typeof old === "number" ? old : null);
});

subscribe(
  [
    "attempt.submitted",
    "attempt.graded",
    "attempt.regraded",
    "response.graded",
    "assignment.created",
    // Dates, attempts and titles show on the dashboard; a deleted assignment must leave it (its payload names
    // the class, the row being gone); an extension changes who is late; a renamed class shows its new name.
    "assignment.updated",
    "assignment.deleted",
    "assignment.extension_set",
    "class.updated",
    "student.joined",
    "student.removed",
  ],
  "dashboard.invalidate",
  async (ctx, event) => {
    const orgId = event.organizationId;
    if (!orgId) return;
    const p = event.payload;
    const classId =
      str(p.classId) ??
      (await repo.classOfEvent(ctx.database.db, orgId, {
        assignmentId: str(p.assignmentId),
        attemptId: str(p.attemptId),
        responseId: str(p.responseId),
      }));
    if (classId) await invalidateDashboard(ctx, orgId, classId);
  },
);
