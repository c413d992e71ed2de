/**
 * Classes, assignments, attempts and their graded responses: the student loop. Conventions of db/types.ts apply
 * (string ids, ISO timestamps, 0/1 booleans, JSON as text).
 */

export interface ClassesTable {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  /** Upper-case, from an alphabet without 0/O/1/I/L look-alikes; unique across all organizations. */
  join_code: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Deleted classes keep their attempts (gradebooks, analytics); they disappear from every list and lookup. */
  deleted_at: string | null;
}

export interface ClassStudentsTable {
  class_id: string;
  organization_id: string;
  user_id: string;
  /** "code" (joined with the class code) or "teacher" (added by a teacher). */
  added_via: string;
  created_at: string;
}

export interface AssignmentsTable {
  id: string;
  organization_id: string;
  class_id: string;
  exercise_id: string;
  /** The pinned, immutable snapshot (exercise_versions.id) and its number. */
  exercise_version_id: string;
  exercise_version: number;
  title: string;
  opens_at: string | null;
  due_at: string | null;
  max_attempts: number;
  feedback: "immediate" | "after_due" | "never";
  allow_late: number;
  shuffle: number;
  /** Sum of the pinned items' points. */
  max_score: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The review policy (migration 0010_review); null: derived from `feedback` (review-policy.ts). */
  review_when: "immediate" | "after_due" | "never" | null;
  review_show: "score" | "verdicts" | "answers" | null;
  /** Archived assignments leave the class's lists; their attempts stay. */
  archived_at: string | null;
}

export interface AttemptsTable {
  id: string;
  organization_id: string;
  assignment_id: string;
  class_id: string;
  user_id: string;
  /** 1, 2, … per (assignment, user); unique, which also stops two concurrent starts from creating two attempts. */
  number: number;
  status: "in_progress" | "submitted";
  started_at: string;
  submitted_at: string | null;
  /** 1 when submitted after the due date (allowed by allow_late). */
  late: number;
  /** Sum of the item scores, teacher-graded essays included; null until submitted. */
  score: number | null;
  max_score: number;
  /** Responses still waiting for a teacher (essays). */
  pending_count: number;
  /** Wall-clock seconds from start to submit. */
  time_on_task_seconds: number | null;
  /** Seconds the client reports the student was active, capped by the wall-clock time. */
  active_seconds: number | null;
  updated_at: string;
  /** The exercise version the responses were graded with; a regrade moves it to the assignment's version. */
  graded_version_id: string | null;
}

/** Autosaved responses of an in-progress attempt: one row per item, so saves of different items never collide. */
export interface AttemptDraftsTable {
  attempt_id: string;
  item_id: string;
  organization_id: string;
  response: string;
  updated_at: string;
}

/**
 * One graded response per (attempt, item), written once at submit. Flat columns so analytics can aggregate with
 * SQL: `normalized_text` groups equal answers (typed answers normalized by the grading module), `error_categories`
 * is a JSON array with one category per error found (repeats kept, so counts add up).
 */
export interface ResponsesTable {
  id: string;
  organization_id: string;
  attempt_id: string;
  assignment_id: string;
  user_id: string;
  item_id: string;
  item_type: string;
  response: string | null;
  normalized_text: string | null;
  score: number;
  max_score: number;
  status: "correct" | "partial" | "incorrect" | "pending" | "blank";
  parts: string;
  feedback: string;
  error_categories: string;
  /** Teacher grading (essays, or an override of an automatic score). */
  comment: string | null;
  rubric: string | null;
  graded_by: string | null;
  graded_at: string | null;
  created_at: string;
  /** While a teacher's override stands: the automatic score and status it replaced (null: no override). */
  auto_score: number | null;
  auto_status: "correct" | "partial" | "incorrect" | "pending" | "blank" | null;
  overridden_by: string | null;
  overridden_at: string | null;
}

/** Every teacher grade, old → new: re-grading is allowed and audited. */
export interface ResponseGradesTable {
  id: string;
  organization_id: string;
  response_id: string;
  graded_by: string | null;
  old_score: number | null;
  new_score: number;
  old_status: string;
  comment: string | null;
  rubric: string | null;
  created_at: string;
}

/**
 * Idempotency keys of submits, per (user, key), kept at least 24 hours. `status` is in_progress while the first
 * request runs; then the stored status code and body answer every replay.
 */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  organization_id: string;
  request_hash: string;
  status: "in_progress" | "done";
  status_code: number | null;
  response_body: string | null;
  created_at: string;
  locked_at: string;
}

/** One student's later due date or extra attempts on one assignment. */
export interface AssignmentExtensionsTable {
  assignment_id: string;
  user_id: string;
  organization_id: string;
  due_at: string | null;
  extra_attempts: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A regrade of an assignment's submitted attempts with a version, and its progress. */
export interface RegradeJobsTable {
  id: string;
  organization_id: string;
  assignment_id: string;
  from_version_id: string;
  to_version_id: string;
  to_version: number;
  status: "queued" | "running" | "succeeded" | "failed";
  total: number;
  done: number;
  changed: number;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ClassesTables {
  classes: ClassesTable;
  class_students: ClassStudentsTable;
  assignments: AssignmentsTable;
  attempts: AttemptsTable;
  attempt_drafts: AttemptDraftsTable;
  responses: ResponsesTable;
  response_grades: ResponseGradesTable;
  idempotency_keys: IdempotencyKeysTable;
  assignment_extensions: AssignmentExtensionsTable;
  regrade_jobs: RegradeJobsTable;
}
