/**
 * Response shapes the web app needs that domain/src/api/types.ts does not define (yet). They follow api.md and
 * statistics.md; the reading code is tolerant (optional fields) so small server differences don't break pages.
 */
import type { Role } from "@languagecloud/domain";

export type ItemFlag = "too_easy" | "too_hard" | "low_discrimination" | "negative_discrimination" | "random_guess_high";

/** One option of a choice item: `option` is the option id; shares are 0..1 of all attempts / the top and bottom 27 %. */
export interface OptionShareDto {
  option: string;
  count: number;
  share: number | null;
  topShare: number | null;
  bottomShare: number | null;
}

export interface OptionDistributionDto {
  n: number;
  groupSize: number;
  options: OptionShareDto[];
  blank: Omit<OptionShareDto, "option">;
}

export interface ResponseGroupDto {
  response: string;
  count: number;
  share: number;
  verdict: "correct" | "accepted_with_typo" | "incorrect" | "blank";
  categories: string[];
}

/** `items[]` of the statistics: the item id, its figures, and (from the last full recompute) what was answered. */
export interface ItemStatisticsDto {
  item: string;
  type: string;
  maxScore: number;
  n: number;
  facility: number | null;
  sd: number | null;
  randomGuessScore: number | null;
  intendedWeight: number | null;
  effectiveWeight: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  flags: ItemFlag[];
  options?: OptionDistributionDto;
  responseGroups?: ResponseGroupDto[];
  /** Matching, ordering, mark-the-words: what students chose per pair, position or word. */
  breakdown?: ItemBreakdownDto;
  /** The item's shortened prompt. */
  name?: string;
  tentative?: boolean;
}

export interface ItemBreakdownDto {
  kind: "pairs" | "positions" | "words";
  n: number;
  parts: {
    part: string;
    label: string;
    expected: string;
    right: number;
    blank: number;
    answers: { answer: string; count: number; right: boolean }[];
  }[];
}

/** `GET /assignments/{id}/statistics`. */
export interface AssignmentStatisticsDto {
  test: {
    n: number;
    mean: number | null;
    median: number | null;
    sd: number | null;
    skewness: number | null;
    kurtosis: number | null;
    cic: number | null;
    errorRatio: number | null;
    standardError: number | null;
    maxScore: number;
  };
  items: ItemStatisticsDto[];
  policy: "first" | "last" | "best" | "all";
  computedAt: string | null;
  attempts: number;
  /** False while the live sums are ahead of the last full recompute. */
  fresh: boolean;
  snapshotComputedAt: string | null;
  /** Submitted attempts left out while their writing waits for a grade (api.md's pending rule). */
  pendingAttempts?: number;
  tentative?: boolean;
  tentativeReason?: string | null;
}

export interface PatternPlaceDto {
  assignmentId: string;
  item: string;
  /** The item's shortened prompt. */
  name: string;
  count: number;
}

export interface PatternPersonDto {
  userId: string;
  name: string;
  count: number;
}

export interface PatternCategoryDto {
  category: string;
  count: number;
  share: number;
  students: number;
  items: { item: string; count: number }[];
  examples: { expected?: string; actual?: string; count: number; item?: string }[];
  /** Where the mistake was made, named. */
  places?: PatternPlaceDto[];
  /** Who made it, most often first. */
  who?: PatternPersonDto[];
  /** The skills of those items: what to practise. */
  skills?: string[];
}

/** `GET /classes/{id}/patterns`, `GET /assignments/{id}/patterns` (`?studentId=`). */
export interface PatternsDto {
  classId?: string;
  assignmentId?: string;
  studentId: string | null;
  period: "day" | "week" | "month";
  total: number;
  responses: number;
  categories: PatternCategoryDto[];
  /** Unanswered parts, apart from the mistakes (grading.md): per item and gap, with who left them. */
  blanks?: { count: number; parts: (PatternPlaceDto & { part: string | null; who: PatternPersonDto[] })[] };
  students: { userId: string; name: string; total: number; counts: Record<string, number> }[];
  overTime: { period: string; counts: Record<string, number> }[];
}

export interface ProgressPointDto {
  /** The period key (e.g. `2025-W03`, `2025-01-14`, `2025-01`). */
  period: string;
  score: number;
  maxScore: number;
  /** Σ score / Σ maxScore, 0..1. */
  share: number | null;
  count: number;
}

export interface ProgressSeriesDto {
  key: string;
  points: ProgressPointDto[];
}

/** `GET /students/{userId}/progress`. */
export interface ProgressDto {
  userId: string;
  /** Whose progress it is (an extension of api.md: the page names the student). */
  student?: { id: string; name: string };
  period: "day" | "week" | "month";
  responses: number;
  overall: ProgressPointDto[];
  skills: ProgressSeriesDto[];
  levels: ProgressSeriesDto[];
  tags: ProgressSeriesDto[];
  /** Growth on the class calibration's scale (methodology.md §3). */
  scale?: ScalePointDto[];
}

/** `GET /classes/{id}/dashboard`. */
export interface DashboardDto {
  classId: string;
  name: string;
  computedAt: string;
  students: number;
  assignments: {
    assignmentId: string;
    title: string;
    dueAt: string | null;
    overdue: boolean;
    students: number;
    submitted: number;
    completion: number | null;
    averageScore: number | null;
  }[];
  late: { assignmentId: string; userId: string; name: string; submittedAt: string | null }[];
  missing: { assignmentId: string; userId: string; name: string; dueAt: string }[];
  atRisk: { userId: string; name: string; rules: string[]; reason: string; recentScores: number[] }[];
  atRiskRule: string;
  itemsToReview: {
    assignmentId: string;
    assignmentTitle: string;
    item: string;
    /** The item's shortened prompt. */
    name?: string;
    flags: ItemFlag[];
    facility: number | null;
    discriminationIndex: number | null;
  }[];
}

export interface ApiKeyDto {
  id: string;
  name: string;
  role: Role;
  prefix?: string;
  createdAt: string;
  lastUsedAt?: string | null;
}

export interface ApiKeyCreatedDto extends ApiKeyDto {
  secret: string;
}

export interface WebhookDto {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  /** Since when every delivery has failed (null while deliveries succeed). */
  failingSince?: string | null;
  /** Set when the server switched the endpoint off after three days of failures. */
  disabledAt?: string | null;
  disabledReason?: string | null;
  /** After a secret rotation: until then deliveries are signed with the previous secret too. */
  previousSecretValidUntil?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface WebhookCreatedDto extends WebhookDto {
  secret: string;
}

export interface WebhookAttemptDto {
  id: string;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** True for a redelivery asked for by an admin. */
  manual: boolean;
}

export interface WebhookDeliveryDto {
  id: string;
  webhookId?: string;
  eventId?: string;
  event: string;
  status: "pending" | "succeeded" | "failed" | "cancelled";
  responseStatus?: number | null;
  /** How many attempts were made. */
  attempts?: number;
  nextAttemptAt?: string | null;
  createdAt: string;
  deliveredAt?: string | null;
  error?: string | null;
  /** Every attempt, oldest first. */
  log?: WebhookAttemptDto[];
}

export interface StudentDto {
  id: string;
  name: string;
  email: string;
  /** Set for an account without email (login cards). */
  username?: string | null;
  joinedAt?: string;
}

/** `GET /classes/{id}/calibration` (methodology.md §3). */
export interface CalibrationDto {
  n: number;
  method: "cml";
  computedAt: string | null;
  problem: string | null;
  items: {
    exerciseId: string;
    version: number;
    item: string;
    skill?: string;
    difficulty: number | null;
    se: number | null;
    infit: number | null;
    outfit: number | null;
    extreme: boolean;
    unlinked?: boolean;
    answered: number;
    right: number;
  }[];
  students: { student: { id: string; name: string }; ability: number | null; se: number | null; answered: number }[];
}

/** `scale` of `/students/{userId}/progress`: Warm's estimate per skill and attempt, with its standard error. */
export interface ScalePointDto {
  skill: string;
  at: string;
  ability: number;
  se: number;
}

/** An experiment as `GET /experiments` and `GET /experiments/{id}` give it (methodology.md §2). */
export interface ExperimentDto {
  id: string;
  name: string;
  question: string;
  status: "draft" | "running" | "closed";
  unit: "student" | "class";
  classIds: string[];
  variants: { id: string; name: string; exerciseId: string; version: number | null }[];
  outcome: { exerciseId: string; version: number | null };
  pretest: { assignmentId: string } | null;
  opensAt: string | null;
  dueAt: string | null;
  outcomeOpensAt: string | null;
  outcomeDueAt: string | null;
  createdAt: string;
  startedAt: string | null;
  closedAt: string | null;
}

/** `GET /experiments/{id}` adds who got which variant and the assignments made at start (`variant` null: the post-test). */
export interface ExperimentDetailDto extends ExperimentDto {
  participants: {
    student: { id: string; name: string };
    classId: string;
    variant: string;
    late: boolean;
    dealtAt: string;
  }[];
  assignments: { assignmentId: string; classId: string; variant: string | null }[];
}
