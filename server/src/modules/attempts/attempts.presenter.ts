import {
  type AttemptDto,
  type AttemptSummaryDto,
  type Exercise,
  type GradePartDto,
  type ItemResultDto,
  type Response,
  toStudentExercise,
} from "@languagecloud/domain";
import { resultsVisibleToStudent } from "../assignments/feedback.ts";
import type { AttemptRow, AttemptWithAssignment, ResponseRow } from "./attempts.repository.ts";

export type Viewer = "student" | "staff";

const parse = <T>(json: string | null, fallback: T): T => (json ? (JSON.parse(json) as T) : fallback);

interface StoredPart {
  id: string;
  response: string | null;
  expected: string | null;
  verdict: GradePartDto["verdict"];
  score: number;
  notes: string[];
  errors: { category: string; expected: string | null; actual: string | null }[];
}

/**
 * One item's result. `expected` shows the right answer; a student who may still try again does not get it, or the
 * second attempt would be a copy of the first one's corrections.
 */
function presentResult(r: ResponseRow, revealAnswers: boolean): ItemResultDto {
  const parts = parse<StoredPart[]>(r.parts, []).map((p): GradePartDto => {
    const errors = p.errors.map((e) => ({
      category: e.category,
      ...(revealAnswers && e.expected !== null ? { expected: e.expected } : {}),
      ...(e.actual !== null ? { actual: e.actual } : {}),
    }));
    return {
      id: p.id,
      ...(p.response !== null ? { response: p.response } : {}),
      ...(revealAnswers && p.expected !== null ? { expected: p.expected } : {}),
      verdict: p.verdict,
      score: p.score,
      notes: p.notes,
      errors,
    };
  });
  const feedback = parse<string[]>(r.feedback, []);
  return {
    score: r.score,
    maxScore: r.max_score,
    status: r.status,
    feedback: r.comment ? [...feedback, r.comment] : feedback,
    parts,
  };
}

export function presentAttempt(
  attempt: AttemptWithAssignment,
  exercise: Exercise,
  saved: { drafts: { item_id: string; response: string }[]; responses: ResponseRow[] },
  viewer: Viewer,
  now = new Date().toISOString(),
): AttemptDto {
  const submitted = attempt.status === "submitted";
  const responses: Record<string, Response> = {};
  if (submitted) {
    for (const r of saved.responses) if (r.response) responses[r.item_id] = JSON.parse(r.response) as Response;
  } else {
    for (const d of saved.drafts) responses[d.item_id] = JSON.parse(d.response) as Response;
  }
  const visible = submitted && (viewer === "staff" || resultsVisibleToStudent(attempt, now));
  const mayRetry = attempt.number < attempt.max_attempts;
  const revealAnswers = viewer === "staff" || !mayRetry;
  let results: Record<string, ItemResultDto> | null = null;
  if (visible) {
    results = {};
    for (const r of saved.responses) results[r.item_id] = presentResult(r, revealAnswers);
  }
  const elapsed = Math.max(0, Math.round((Date.parse(now) - Date.parse(attempt.started_at)) / 1000));
  return {
    id: attempt.id,
    assignmentId: attempt.assignment_id,
    userId: attempt.user_id,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.started_at,
    submittedAt: attempt.submitted_at,
    timeOnTaskSeconds: submitted ? (attempt.time_on_task_seconds ?? 0) : elapsed,
    exercise: toStudentExercise(exercise, { seed: attempt.id, shuffle: attempt.shuffle === 1 }),
    responses,
    score: visible ? attempt.score : null,
    maxScore: attempt.max_score,
    results,
    pendingReview: submitted && attempt.pending_count > 0,
  };
}

export function presentAttemptSummary(t: AttemptRow & { user_name: string; user_email: string }): AttemptSummaryDto {
  return {
    id: t.id,
    assignmentId: t.assignment_id,
    student: { id: t.user_id, name: t.user_name, email: t.user_email },
    number: t.number,
    status: t.status,
    startedAt: t.started_at,
    submittedAt: t.submitted_at,
    late: t.late === 1,
    score: t.score,
    maxScore: t.max_score,
    pendingReview: t.status === "submitted" && t.pending_count > 0,
    timeOnTaskSeconds: t.time_on_task_seconds,
    activeSeconds: t.active_seconds,
  };
}
