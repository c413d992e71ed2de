/**
 * Whether a student may see their results yet: the review policy's `when` (review-policy.ts). Kept under its old
 * name for the callers that only ask "results or not".
 */
import type { FeedbackMode } from "@languagecloud/domain";
import { type ReviewShow, type ReviewWhen, reviewOpen, reviewPolicyOf } from "./review-policy.ts";

export function resultsVisibleToStudent(
  a: {
    feedback: FeedbackMode;
    due_at: string | null;
    review_when?: ReviewWhen | null;
    review_show?: ReviewShow | null;
  },
  now = new Date().toISOString(),
): boolean {
  return reviewOpen(reviewPolicyOf(a), a.due_at, now);
}
