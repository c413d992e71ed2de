import { z } from "zod";
import { regradeDto } from "../assignments/assignments.schema.ts";
import { orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { pageOf };

const id = z.string().min(1).max(64);
export const assignmentParams = orgParams.extend({ assignmentId: id });
export const extensionParams = assignmentParams.extend({ userId: id });
export const regradeParams = assignmentParams.extend({ regradeId: id });
export const overrideParams = orgParams.extend({ attemptId: id, itemId: id });

const instant = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
  .transform((v) => new Date(v).toISOString());

export const overrideBody = z.object({
  score: z.number().finite().min(0, "must be at least 0"),
  comment: z.string().trim().max(10_000).default(""),
});
export const extensionBody = z
  .object({
    dueAt: instant.nullable().optional(),
    extraAttempts: z.number().int().min(0).max(100).optional(),
  })
  .strict()
  .refine((b) => b.dueAt != null || (b.extraAttempts ?? 0) > 0, "give a later due date or extra attempts");
export const acceptAnswerBody = z
  .object({
    itemId: id,
    gapId: id.optional(),
    text: z.string().min(1).max(1000),
    fraction: z.number().min(0).max(1).optional(),
  })
  .strict();
export const gridQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });

export { regradeDto };
export const extensionDto = z.object({
  assignmentId: z.string(),
  userId: z.string(),
  name: z.string().optional(),
  dueAt: z.string().nullable(),
  extraAttempts: z.number(),
  updatedAt: z.string(),
});
const verdict = z.enum(["correct", "partial", "incorrect", "pending", "blank"]);
export const gridDto = z.object({
  assignmentId: z.string(),
  title: z.string(),
  version: z.number(),
  columns: z.array(z.object({ itemId: z.string(), name: z.string(), type: z.string(), maxScore: z.number() })),
  items: z.array(
    z.object({
      attemptId: z.string(),
      student: z.object({ id: z.string(), name: z.string(), email: z.string() }),
      number: z.number(),
      submittedAt: z.string().nullable(),
      late: z.boolean(),
      score: z.number().nullable(),
      maxScore: z.number(),
      pending: z.boolean(),
      cells: z.record(
        z.string(),
        z.object({
          score: z.number(),
          max: z.number(),
          verdict,
          answer: z.string(),
          categories: z.array(z.string()),
          overridden: z.boolean(),
        }),
      ),
    }),
  ),
  nextCursor: z.null(),
});
