/**
 * The JSON shapes of the HTTP API (api.md), shared by the server's presenters and the web app so that both sides
 * agree at compile time. Timestamps are ISO 8601 strings in UTC; ids are strings.
 */

import type { Response } from "../content/responses.ts";
import type { Exercise, Item } from "../content/schema.ts";

export type Role = "owner" | "admin" | "teacher" | "student";
export const ROLES: readonly Role[] = ["owner", "admin", "teacher", "student"];

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserDto {
  id: string;
  /** For an account without email, the placeholder `{username}@students.invalid`, which never receives mail. */
  email: string;
  name: string;
  /** The login-card name of an account without email; null for everyone who logs in with an email. */
  username: string | null;
  createdAt: string;
}

export interface OrganizationDto {
  id: string;
  name: string;
  createdAt: string;
}

export interface MembershipDto {
  organizationId: string;
  userId: string;
  role: Role;
}

/** `GET /me` and `POST /auth/login`. */
export interface MeDto {
  user: UserDto;
  memberships: { organization: OrganizationDto; role: Role }[];
}

export interface SignupResultDto {
  user: UserDto;
  organization: OrganizationDto;
  membership: MembershipDto;
}

export interface JoinResultDto extends SignupResultDto {
  class: ClassDto;
}

export interface MemberDto {
  user: UserDto;
  role: Role;
  joinedAt: string;
}

export interface InvitationDto {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  acceptedAt: string | null;
  createdAt: string;
}

export type ExerciseStatus = "draft" | "published" | "archived";

/** An exercise: its editable draft (the canonical content) plus what the library needs. */
export interface ExerciseDto extends Exercise {
  id: string;
  status: ExerciseStatus;
  /** The latest published version number, null before the first publish. */
  latestVersion: number | null;
  /** True when the draft differs from the latest published version. */
  hasUnpublishedChanges: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ExerciseSummaryDto {
  id: string;
  title: string;
  level: string | null;
  skills: string[];
  tags: string[];
  status: ExerciseStatus;
  latestVersion: number | null;
  itemCount: number;
  updatedAt: string;
}

export interface ExerciseVersionDto {
  id: string;
  exerciseId: string;
  version: number;
  content: Exercise;
  publishedAt: string;
  publishedBy: string;
}

export interface MediaDto {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  createdAt: string;
}

export type ImportStatus = "queued" | "running" | "succeeded" | "failed";

export interface ImportDto {
  id: string;
  format: "gift" | "aiken" | "csv" | "json" | "qti" | "moodlexml";
  filename: string;
  status: ImportStatus;
  progress: number;
  exerciseIds: string[];
  errors: { line: number; column?: number; message: string }[];
  /** What the file held that the import could not keep (QTI, Moodle XML), per item: `item` is its position. */
  warnings: { item?: number; message: string }[];
  createdAt: string;
  finishedAt: string | null;
}

export interface ClassDto {
  id: string;
  name: string;
  description: string | null;
  joinCode: string;
  studentCount: number;
  createdAt: string;
}

export type FeedbackMode = "immediate" | "after_due" | "never";

export interface AssignmentDto {
  id: string;
  classId: string;
  exerciseId: string;
  exerciseVersion: number;
  title: string;
  opensAt: string | null;
  dueAt: string | null;
  maxAttempts: number;
  feedback: FeedbackMode;
  allowLate: boolean;
  shuffle: boolean;
  createdAt: string;
  /** What students see after submitting, and when (api.md). */
  review: { when: "immediate" | "after_due" | "never"; show: "score" | "verdicts" | "answers" };
  archivedAt: string | null;
  /** After a PATCH {version, regrade: true}: the regrade job and its progress. */
  regrade?: RegradeDto;
}

export interface RegradeDto {
  id: string;
  assignmentId: string;
  version: number;
  status: "queued" | "running" | "succeeded" | "failed";
  total: number;
  done: number;
  changed: number;
  /** 0..1 */
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type StudentAssignmentStatus = "not_started" | "in_progress" | "submitted" | "late" | "missed";

/** `GET /me/assignments`: an assignment as its student sees it. */
export interface MyAssignmentDto extends AssignmentDto {
  className: string;
  status: StudentAssignmentStatus;
  attemptsUsed: number;
  /** The current in-progress attempt, if any. */
  attemptId: string | null;
  /** The latest submitted attempt, whose result the student can reopen. */
  lastAttemptId: string | null;
  /** Best score so far (null when nothing is submitted or feedback is withheld). */
  score: number | null;
  maxScore: number;
}

/** An item as a student sees it before submitting: nothing that reveals the answer. */
export type StudentItem = Record<string, unknown> & { id: string; type: Item["type"]; prompt: string; points: number };

export interface GradeErrorDto {
  category: string;
  expected?: string;
  actual?: string;
}

export interface GradePartDto {
  id: string;
  response?: unknown;
  expected?: unknown;
  verdict: "correct" | "accepted_with_typo" | "incorrect" | "blank";
  score: number;
  notes: string[];
  errors: GradeErrorDto[];
  feedback?: string;
}

export interface ItemResultDto {
  score: number;
  maxScore: number;
  status: "correct" | "partial" | "incorrect" | "pending" | "blank";
  feedback: string[];
  parts: GradePartDto[];
  /** The teacher's comment (graded writing, an override). */
  comment?: string;
  /** An essay's rubric breakdown once graded. */
  rubric?: { criterion: string; points: number }[];
}

/** One item of a submitted attempt as its teacher reviews it (staff only). */
export interface ReviewItemDto {
  itemId: string;
  responseId: string | null;
  type: string;
  /** The item named by its shortened prompt. */
  name: string;
  /** The answer as the student gave it, in words. */
  answer: string;
  status: "correct" | "partial" | "incorrect" | "pending" | "blank";
  score: number;
  maxScore: number;
  /** The score the key gives (null while writing waits for its grade). */
  automaticScore: number | null;
  categories: string[];
  feedback: string[];
  comment: string | null;
  /** The teacher's own score, while it stands. */
  override: { score: number; comment: string | null; by: string | null; at: string | null } | null;
}

export type AttemptStatus = "in_progress" | "submitted";

export interface AttemptDto {
  id: string;
  assignmentId: string;
  userId: string;
  number: number;
  status: AttemptStatus;
  startedAt: string;
  submittedAt: string | null;
  timeOnTaskSeconds: number;
  /** The exercise as the student sees it: passage, instructions, items without answers. */
  exercise: { title: string; instructions?: string; passage?: string; media?: unknown; items: StudentItem[] };
  responses: Record<string, Response>;
  /** Present once submitted and the feedback mode allows it. */
  score: number | null;
  maxScore: number;
  /** Per item results, when the feedback mode allows it. */
  results: Record<string, ItemResultDto> | null;
  /** True while an essay waits for its teacher. */
  pendingReview: boolean;
  /** Staff, once submitted: every item with the answer, verdict, score, feedback and categories. */
  review?: ReviewItemDto[];
  /** The student, once submitted: what the review policy lets them see, and whether that time has come. */
  reviewPolicy?: { when: "immediate" | "after_due" | "never"; show: "score" | "verdicts" | "answers"; open: boolean };
}

export interface GradingQueueEntryDto {
  responseId: string;
  attemptId: string;
  itemId: string;
  student: { id: string; name: string; email: string };
  prompt: string;
  text: string;
  maxScore: number;
  rubric: { criterion: string; points: number }[];
  score: number | null;
  comment: string | null;
  submittedAt: string;
}

/** A student of a class: `GET /classes/{id}/students`, `POST /classes/{id}/students`. */
export interface ClassStudentDto {
  id: string;
  name: string;
  email: string;
  /** Set for an account without email (login cards); see UserDto. */
  username: string | null;
  joinedAt: string;
  /** "code" when they joined with the class code, "teacher" when a teacher added them. */
  addedVia: "code" | "teacher";
}

/** `GET /assignments/{id}/attempts`: one attempt in the teacher's list (no items, no responses). */
export interface AttemptSummaryDto {
  id: string;
  assignmentId: string;
  student: { id: string; name: string; email: string };
  number: number;
  status: AttemptStatus;
  startedAt: string;
  submittedAt: string | null;
  late: boolean;
  score: number | null;
  maxScore: number;
  pendingReview: boolean;
  timeOnTaskSeconds: number | null;
  activeSeconds: number | null;
}

/** `PUT /responses/{id}/grade`: the response as graded, and its attempt's recomputed score. */
export interface ResponseGradeDto {
  responseId: string;
  attemptId: string;
  itemId: string;
  score: number;
  maxScore: number;
  status: ItemResultDto["status"];
  comment: string | null;
  rubric: { criterion: string; points: number }[] | null;
  gradedBy: string | null;
  gradedAt: string;
  attempt: { score: number; maxScore: number; pendingReview: boolean };
}
