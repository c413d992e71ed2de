import type { AssignmentDto, MyAssignmentDto, StudentAssignmentStatus } from "@languagecloud/domain";
import type { AssignmentRow } from "./assignments.repository.ts";
import { resultsVisibleToStudent } from "./feedback.ts";
import { reviewPolicyOf } from "./review-policy.ts";

export function presentAssignment(a: AssignmentRow): AssignmentDto {
  return {
    id: a.id,
    classId: a.class_id,
    exerciseId: a.exercise_id,
    exerciseVersion: a.exercise_version,
    title: a.title,
    opensAt: a.opens_at,
    dueAt: a.due_at,
    maxAttempts: a.max_attempts,
    feedback: a.feedback,
    allowLate: a.allow_late === 1,
    shuffle: a.shuffle === 1,
    createdAt: a.created_at,
    review: reviewPolicyOf(a),
    archivedAt: a.archived_at,
  };
}

export interface StudentAttemptSummary {
  id: string;
  status: "in_progress" | "submitted";
  score: number | null;
  late: number;
  number?: number;
}

/**
 * The student's status on one assignment. An open attempt wins while it can still be submitted; then what was
 * submitted (late when no submission was on time); then "missed" once the due date closed it without allowLate.
 */
export function studentStatus(
  a: AssignmentRow,
  attempts: StudentAttemptSummary[],
  now = new Date().toISOString(),
): StudentAssignmentStatus {
  const closed = !!a.due_at && now > a.due_at && a.allow_late !== 1;
  const open = attempts.find((t) => t.status === "in_progress");
  const submitted = attempts.filter((t) => t.status === "submitted");
  if (open && !closed) return "in_progress";
  if (submitted.length) return submitted.some((t) => t.late !== 1) ? "submitted" : "late";
  if (closed) return "missed";
  return "not_started";
}

export function presentMyAssignment(
  a: AssignmentRow & { class_name: string },
  attempts: StudentAttemptSummary[],
  now = new Date().toISOString(),
): MyAssignmentDto {
  const scores = attempts.filter((t) => t.status === "submitted" && t.score !== null).map((t) => t.score as number);
  const open = attempts.find((t) => t.status === "in_progress");
  const last = attempts
    .filter((t) => t.status === "submitted")
    .reduce<StudentAttemptSummary | null>((a, t) => (!a || (t.number ?? 0) > (a.number ?? 0) ? t : a), null);
  return {
    ...presentAssignment(a),
    className: a.class_name,
    status: studentStatus(a, attempts, now),
    attemptsUsed: attempts.length,
    attemptId: open?.id ?? null,
    lastAttemptId: last?.id ?? null,
    score: scores.length && resultsVisibleToStudent(a, now) ? Math.max(...scores) : null,
    maxScore: a.max_score,
  };
}
