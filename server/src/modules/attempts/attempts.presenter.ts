import {
  type AttemptDto,
  type AttemptSummaryDto,
  type Exercise,
  type GradePartDto,
  type ItemResultDto,
  type Response,
  type ReviewItemDto,
  toStudentExercise,
} from "@languagecloud/domain";
import { type ReviewShow, reviewOpen, reviewPolicyOf } from "../assignments/review-policy.ts";
import { answerText, shortPrompt } from "../review/answer-text.ts";
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
 * One item's result at a level of the review policy. `verdicts` gives each item's status, points and error
 * categories, and the teacher's own comment and rubric on graded writing; `answers` adds the right answers
 * (`expected`) and all the feedback. A student who may still try again never gets `expected`, or the next attempt
 * would copy the corrections.
 */
function presentResult(r: ResponseRow, show: Exclude<ReviewShow, "score">, revealAnswers: boolean): ItemResultDto {
  const all = show === "answers";
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
      // Notes explain a verdict in words ("accepted with a typo: …"), which can name the right answer.
      notes: all ? p.notes : [],
      errors,
    };
  });
  const feedback = all ? parse<string[]>(r.feedback, []) : [];
  const rubric = r.rubric ? parse<{ criterion: string; points: number }[]>(r.rubric, []) : null;
  return {
    score: r.score,
    maxScore: r.max_score,
    status: r.status,
    // The teacher's own comment explains their grade: it comes with the verdict, not with the key.
    feedback: r.comment ? [...feedback, r.comment] : feedback,
    parts,
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ...(rubric ? { rubric } : {}),
  };
}

/** What the teacher reviews of one item: the answer as given, the verdict, the automatic score, any override. */
function presentReviewItem(item: Exercise["items"][number], r: ResponseRow | undefined): ReviewItemDto {
  const response = r?.response ? (JSON.parse(r.response) as Response) : null;
  const overridden = !!r && r.auto_score !== null;
  return {
    itemId: item.id ?? "",
    responseId: r?.id ?? null,
    type: item.type,
    name: shortPrompt(item),
    answer: answerText(item, response),
    status: r?.status ?? "blank",
    score: r?.score ?? 0,
    maxScore: r?.max_score ?? 0,
    automaticScore: overridden ? (r.auto_score as number) : r && r.status !== "pending" ? r.score : null,
    categories: r ? parse<string[]>(r.error_categories, []) : [],
    feedback: r ? parse<string[]>(r.feedback, []) : [],
    comment: r?.comment ?? null,
    override: overridden ? { score: r.score, comment: r.comment, by: r.overridden_by, at: r.overridden_at } : null,
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
  const staff = viewer === "staff";
  const responses: Record<string, Response> = {};
  if (submitted) {
    for (const r of saved.responses) if (r.response) responses[r.item_id] = JSON.parse(r.response) as Response;
  } else {
    for (const d of saved.drafts) responses[d.item_id] = JSON.parse(d.response) as Response;
  }
  const policy = reviewPolicyOf(attempt);
  const dueAt = attempt.extension_due_at ?? attempt.due_at;
  const visible = submitted && (staff || reviewOpen(policy, dueAt, now));
  const show: ReviewShow = staff ? "answers" : policy.show;
  const pending = submitted && attempt.pending_count > 0;
  const mayRetry = attempt.number < attempt.max_attempts + (attempt.extension_extra_attempts ?? 0);
  const closed = !!dueAt && now >= dueAt;
  const revealAnswers = staff || (show === "answers" && (!mayRetry || closed));
  let results: Record<string, ItemResultDto> | null = null;
  if (visible && show !== "score") {
    results = {};
    for (const r of saved.responses) results[r.item_id] = presentResult(r, show, revealAnswers);
  }
  const elapsed = Math.max(0, Math.round((Date.parse(now) - Date.parse(attempt.started_at)) / 1000));
  const byItem = new Map(saved.responses.map((r) => [r.item_id, r]));
  return {
    id: attempt.id,
    assignmentId: attempt.assignment_id,
    userId: attempt.user_id,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.started_at,
    submittedAt: attempt.submitted_at,
    timeOnTaskSeconds: submitted ? (attempt.time_on_task_seconds ?? 0) : elapsed,
    exercise: toStudentExercise(exercise, {
      seed: attempt.id,
      shuffle: attempt.shuffle === 1,
      // Staff always see the transcript; a student once the attempt is submitted.
      submitted: submitted || staff,
    }),
    responses,
    // A student never sees a score while writing waits for the teacher: "9 / 19" would read as a result.
    score: visible && (staff || !pending) ? attempt.score : null,
    maxScore: attempt.max_score,
    results,
    pendingReview: pending,
    ...(staff && submitted
      ? {
          review: exercise.items
            .filter((it) => it.type !== "description" && it.id)
            .map((it) => presentReviewItem(it, byItem.get(it.id as string))),
        }
      : {}),
    ...(!staff && submitted ? { reviewPolicy: { ...policy, open: visible } } : {}),
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
