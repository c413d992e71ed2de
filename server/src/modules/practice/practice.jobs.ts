/**
 * Practice cards follow graded work: a submitted attempt (and a teacher's grade of an essay) turns the student's
 * wrong and partly right answers into cards. The unique (student, version, item) index makes a redelivery harmless.
 */
import { subscribe } from "../../jobs/subscribers.ts";
import { createCardsFromAttempt } from "./practice.service.ts";

subscribe(["attempt.submitted", "attempt.graded"], "practice.cards", async (ctx, event) => {
  const attemptId = event.payload.attemptId;
  if (event.organizationId && typeof attemptId === "string")
    await createCardsFromAttempt(ctx, event.organizationId, attemptId);
});
