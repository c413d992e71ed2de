/**
 * What a student may see of their own results, by the assignment's feedback mode:
 * - `immediate`: score and per-item results as soon as the attempt is submitted;
 * - `after_due`: the same once the due date has passed (with no due date, as soon as submitted);
 * - `never`: neither score nor per-item results; the student only sees that the work is submitted.
 * Teachers always see everything.
 */
import type { FeedbackMode } from "@languagecloud/domain";

export function resultsVisibleToStudent(
  a: { feedback: FeedbackMode; due_at: string | null },
  now = new Date().toISOString(),
): boolean {
  if (a.feedback === "immediate") return true;
  if (a.feedback === "after_due") return !a.due_at || now >= a.due_at;
  return false;
}
