/**
 * Response shapes the web app needs that domain/src/api/types.ts does not define (yet). They follow api.md and
 * statistics.md; the reading code is tolerant (optional fields) so small server differences don't break pages.
 */
import type { Role } from "@languagecloud/domain";

export type ItemFlag = "too_easy" | "too_hard" | "low_discrimination" | "negative_discrimination" | "random_guess_high";

export interface OptionShareDto {
  id: string;
  text?: string;
  fraction?: number;
  /** Share of attempts choosing it, 0..1, overall and in the top / bottom 27 %. */
  share: number;
  top?: number | null;
  bottom?: number | null;
  count?: number;
}

export interface ResponseGroupDto {
  response: string;
  count: number;
  verdict?: string;
  score?: number;
  categories?: string[];
}

export interface ItemStatisticsDto {
  item: string;
  type?: string;
  prompt?: string;
  title?: string;
  n: number;
  facility: number | null;
  sd: number | null;
  randomGuessScore: number | null;
  intendedWeight: number | null;
  effectiveWeight: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  flags: ItemFlag[];
  options?: OptionShareDto[];
  responseGroups?: ResponseGroupDto[];
}

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
    maxScore?: number;
  };
  items: ItemStatisticsDto[];
  computedAt: string;
  attempts?: "first" | "last" | "best" | "all";
}

export interface PatternCategoryDto {
  category: string;
  count: number;
  examples?: { expected?: string | null; actual?: string | null; itemId?: string; studentName?: string }[];
  items?: { itemId: string; assignmentId?: string; prompt?: string; count?: number }[];
}

export interface PatternsDto {
  categories: PatternCategoryDto[];
  students?: { userId: string; name: string; categories: { category: string; count: number }[] }[];
  computedAt?: string;
}

export interface ProgressPointDto {
  date: string;
  score: number;
  count?: number;
}

export interface ProgressSeriesDto {
  key: string;
  points: ProgressPointDto[];
}

export interface ProgressDto {
  user?: { id: string; name: string };
  bySkill: ProgressSeriesDto[];
  byLevel: ProgressSeriesDto[];
  byTag: ProgressSeriesDto[];
  computedAt?: string;
}

export interface DashboardDto {
  classId?: string;
  studentCount?: number;
  completion: number | null;
  averageScore: number | null;
  lateCount?: number;
  lateWork?: { assignmentId: string; title: string; studentName: string; submittedAt: string }[];
  studentsAtRisk: { userId: string; name: string; reason?: string; averageScore?: number | null; missed?: number }[];
  itemsToReview: { assignmentId: string; itemId: string; title?: string; prompt?: string; flags: string[] }[];
  assignments?: {
    id: string;
    title: string;
    dueAt: string | null;
    completion: number | null;
    averageScore: number | null;
  }[];
  computedAt?: string;
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
  createdAt?: string;
}

export interface WebhookCreatedDto extends WebhookDto {
  secret: string;
}

export interface WebhookDeliveryDto {
  id: string;
  webhookId?: string;
  event: string;
  status: "pending" | "succeeded" | "failed" | string;
  responseStatus?: number | null;
  attempts?: number;
  createdAt: string;
  deliveredAt?: string | null;
  error?: string | null;
}

export interface StudentDto {
  id: string;
  name: string;
  email: string;
  joinedAt?: string;
}
