import { ATTEMPT_POLICIES } from "@languagecloud/domain";
import { z } from "zod";

const id = z.string().min(1).max(64);
export const assignmentParams = z.object({ orgId: id, id });
export const classParams = z.object({ orgId: id, id });
export const studentParams = z.object({ orgId: id, userId: id });

export const statisticsQuery = z.object({
  attempts: z.enum(ATTEMPT_POLICIES as unknown as ["first", "last", "best", "all"]).default("first"),
});

const isoDate = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), "an ISO 8601 date or time");
const period = z.enum(["day", "week", "month"]);

export const patternsQuery = z.object({
  studentId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  period: period.default("week"),
  examples: z.coerce.number().int().min(0).max(10).default(3),
});

export const progressQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  period: period.default("week"),
});
