import { responseSchema } from "@languagecloud/domain";
import { z } from "zod";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { listQuery, orgParams, pageOf };

const id = z.string().min(1).max(64);
export const assignmentParams = orgParams.extend({ assignmentId: id });
export const attemptParams = orgParams.extend({ attemptId: id });
export const itemParams = attemptParams.extend({ itemId: id });
export const responseParams = orgParams.extend({ responseId: id });

export const saveResponseBody = z.object({ response: responseSchema });
export const submitBody = z
  .object({
    responses: z.record(z.string().min(1).max(64), responseSchema).optional(),
    activeSeconds: z.number().int().min(0).max(31_536_000).optional(),
  })
  .optional();
/** Printable ASCII, as the IETF Idempotency-Key draft suggests (a UUID in practice). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const gradeBody = z.object({
  score: z.number().finite().min(0, "must be at least 0"),
  comment: z.string().trim().max(10_000).optional(),
  rubric: z
    .array(z.object({ criterion: z.string().min(1).max(500), points: z.number().finite().min(0) }))
    .max(30)
    .optional(),
});
export const queueQuery = listQuery.extend({ status: z.enum(["pending", "graded"]).default("pending") });

const part = z.object({
  id: z.string(),
  response: z.unknown().optional(),
  expected: z.unknown().optional(),
  verdict: z.enum(["correct", "accepted_with_typo", "incorrect", "blank"]),
  score: z.number(),
  notes: z.array(z.string()),
  errors: z.array(z.object({ category: z.string(), expected: z.string().optional(), actual: z.string().optional() })),
  feedback: z.string().optional(),
});
const itemResult = z.object({
  score: z.number(),
  maxScore: z.number(),
  status: z.enum(["correct", "partial", "incorrect", "pending", "blank"]),
  feedback: z.array(z.string()),
  parts: z.array(part),
  comment: z.string().optional(),
  rubric: z.array(z.object({ criterion: z.string(), points: z.number() })).optional(),
});
const status = z.enum(["correct", "partial", "incorrect", "pending", "blank"]);
export const reviewItemDto = z.object({
  itemId: z.string(),
  responseId: z.string().nullable(),
  type: z.string(),
  name: z.string(),
  answer: z.string(),
  status,
  score: z.number(),
  maxScore: z.number(),
  automaticScore: z.number().nullable(),
  categories: z.array(z.string()),
  feedback: z.array(z.string()),
  comment: z.string().nullable(),
  override: z
    .object({ score: z.number(), comment: z.string().nullable(), by: z.string().nullable(), at: z.string().nullable() })
    .nullable(),
});
export const attemptDto = z.object({
  id: z.string(),
  assignmentId: z.string(),
  userId: z.string(),
  number: z.number(),
  status: z.enum(["in_progress", "submitted"]),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  timeOnTaskSeconds: z.number(),
  exercise: z.looseObject({
    title: z.string(),
    items: z.array(z.looseObject({ id: z.string(), type: z.string(), prompt: z.string(), points: z.number() })),
  }),
  responses: z.record(z.string(), z.unknown()),
  score: z.number().nullable(),
  maxScore: z.number(),
  results: z.record(z.string(), itemResult).nullable(),
  pendingReview: z.boolean(),
  review: z.array(reviewItemDto).optional(),
  reviewPolicy: z
    .object({
      when: z.enum(["immediate", "after_due", "never"]),
      show: z.enum(["score", "verdicts", "answers"]),
      open: z.boolean(),
    })
    .optional(),
});
/**
 * The attempt answers (start, read, submit) are the hottest a student makes and the largest: validating them with
 * Zod on the way out cost as much as the rest of a start's own work, and protected nothing (the exercise part is a
 * loose object, passed through as it is; the rest is built field by field by the presenter). They are serialized
 * as they are; the schema stays for the OpenAPI document, and the tests check every answer against it, strictly.
 */
export const plainJson = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) };

export const attemptSummaryDto = z.object({
  id: z.string(),
  assignmentId: z.string(),
  student: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  number: z.number(),
  status: z.enum(["in_progress", "submitted"]),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  score: z.number().nullable(),
  maxScore: z.number(),
  pendingReview: z.boolean(),
  timeOnTaskSeconds: z.number().nullable(),
  activeSeconds: z.number().nullable(),
});
const rubricDto = z.array(z.object({ criterion: z.string(), points: z.number() }));
export const queueEntryDto = z.object({
  responseId: z.string(),
  attemptId: z.string(),
  itemId: z.string(),
  student: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  prompt: z.string(),
  text: z.string(),
  maxScore: z.number(),
  rubric: rubricDto,
  score: z.number().nullable(),
  comment: z.string().nullable(),
  submittedAt: z.string(),
});
export const responseGradeDto = z.object({
  responseId: z.string(),
  attemptId: z.string(),
  itemId: z.string(),
  score: z.number(),
  maxScore: z.number(),
  status: z.enum(["correct", "partial", "incorrect", "pending", "blank"]),
  comment: z.string().nullable(),
  rubric: rubricDto.nullable(),
  gradedBy: z.string().nullable(),
  gradedAt: z.string(),
  attempt: z.object({ score: z.number(), maxScore: z.number(), pendingReview: z.boolean() }),
});
export const savedDto = z.object({ itemId: z.string(), savedAt: z.string() });
