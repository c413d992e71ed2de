import { z } from "zod";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { orgParams, pageOf };

const id = z.string().min(1).max(64);
export const assignmentParams = orgParams.extend({ assignmentId: id });

/** Any ISO 8601 date-time with an offset; stored as UTC so that timestamps compare as text. */
const instant = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
  .transform((v) => new Date(v).toISOString());
const feedback = z.enum(["immediate", "after_due", "never"]);
const maxAttempts = z.number().int().min(1).max(100);
export const reviewPolicy = z
  .object({ when: z.enum(["immediate", "after_due", "never"]), show: z.enum(["score", "verdicts", "answers"]) })
  .strict();

export const createAssignmentBody = z.object({
  exerciseId: id,
  classId: id,
  opensAt: instant.nullable().optional(),
  dueAt: instant.nullable().optional(),
  maxAttempts: maxAttempts.default(1),
  feedback: feedback.optional(),
  review: reviewPolicy.optional(),
  allowLate: z.boolean().default(false),
  shuffle: z.boolean().default(false),
});

/** The pinned version (and the class, the exercise) never change: unknown fields are refused, not ignored. */
export const patchAssignmentBody = z
  .object({
    opensAt: instant.nullable().optional(),
    dueAt: instant.nullable().optional(),
    maxAttempts: maxAttempts.optional(),
    feedback: feedback.optional(),
    review: reviewPolicy.optional(),
    allowLate: z.boolean().optional(),
    /** true archives (the class's lists leave it out), false brings it back. */
    archived: z.boolean().optional(),
    /** Move to another published version of the exercise (its number) and regrade the submitted attempts. */
    version: z.number().int().min(1).optional(),
    regrade: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.regrade !== true || b.version !== undefined, {
    message: "regrade needs the version to grade with",
    path: ["version"],
  });

export const assignmentsQuery = listQuery.extend({ classId: id.optional() });
export const myAssignmentsQuery = listQuery;

export const regradeDto = z.object({
  id: z.string(),
  assignmentId: z.string(),
  version: z.number(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  total: z.number(),
  done: z.number(),
  changed: z.number(),
  progress: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const assignmentDto = z.object({
  id: z.string(),
  classId: z.string(),
  exerciseId: z.string(),
  exerciseVersion: z.number(),
  title: z.string(),
  opensAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  maxAttempts: z.number(),
  feedback,
  allowLate: z.boolean(),
  shuffle: z.boolean(),
  createdAt: z.string(),
  review: reviewPolicy,
  archivedAt: z.string().nullable(),
  /** After a PATCH that regrades: the job and its progress (GET …/regrades/{id} follows it). */
  regrade: regradeDto.optional(),
});

export const myAssignmentDto = assignmentDto.extend({
  className: z.string(),
  status: z.enum(["not_started", "in_progress", "submitted", "late", "missed"]),
  attemptsUsed: z.number(),
  attemptId: z.string().nullable(),
  lastAttemptId: z.string().nullable(),
  score: z.number().nullable(),
  maxScore: z.number(),
});
