/**
 * What a student sees of a submitted attempt, and when (`review: {when, show}` of api.md):
 * - `when`: `immediate` (on submit), `after_due` (once the due date has passed; at once when there is none),
 *   `never` (the student only sees that the work is submitted);
 * - `show`: `score` (the score alone), `verdicts` (the score and each item's verdict and points), `answers`
 *   (verdicts plus the right answers and all feedback).
 * Assignments made before the policy existed carry only `feedback`: `immediate` = {immediate, verdicts},
 * `after_due` = {after_due, verdicts}, `never` = {never, score}. Staff always see everything.
 */
import type { FeedbackMode } from "@languagecloud/domain";

export type ReviewWhen = "immediate" | "after_due" | "never";
export type ReviewShow = "score" | "verdicts" | "answers";
export interface ReviewPolicy {
  when: ReviewWhen;
  show: ReviewShow;
}

export function reviewPolicyOf(a: {
  feedback: FeedbackMode;
  review_when?: ReviewWhen | null;
  review_show?: ReviewShow | null;
}): ReviewPolicy {
  const when = a.review_when ?? a.feedback;
  const show = a.review_show ?? (a.feedback === "never" ? "score" : "verdicts");
  return { when, show };
}

/** The `feedback` an explicit policy corresponds to, so that older clients reading `feedback` stay right. */
export function feedbackOf(p: ReviewPolicy): FeedbackMode {
  return p.when;
}

/** Whether the policy's `when` has come, for this student's due date (an extension's, if they have one). */
export function reviewOpen(p: ReviewPolicy, dueAt: string | null, now = new Date().toISOString()): boolean {
  if (p.when === "immediate") return true;
  if (p.when === "after_due") return !dueAt || now >= dueAt;
  return false;
}
