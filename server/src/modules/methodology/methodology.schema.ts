import { ATTEMPT_POLICIES } from "@languagecloud/domain";
import { z } from "zod";

export const exerciseParams = z.object({ orgId: z.string().min(1).max(64), id: z.string().min(1).max(64) });

const versionNumber = z.coerce.number().int().min(1).max(1_000_000);

export const compareQuery = z.object({
  from: versionNumber,
  to: versionNumber,
  attempts: z.enum(ATTEMPT_POLICIES as unknown as ["first", "last", "best", "all"]).default("first"),
});

const id = z.string().min(1).max(64);
const iso = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
  .transform((v) => new Date(v).toISOString())
  .nullable()
  .optional();
const variant = z.strictObject({
  name: z.string().trim().min(1).max(255),
  exerciseId: id,
  version: versionNumber.optional(),
});
const experimentFields = {
  name: z.string().trim().min(1).max(255),
  question: z.string().trim().max(2000).default(""),
  classIds: z.array(id).min(1).max(50),
  unit: z.enum(["student", "class"]).default("student"),
  variants: z.array(variant).min(2).max(4),
  outcome: z.strictObject({ exerciseId: id, version: versionNumber.optional() }),
  pretest: z.strictObject({ assignmentId: id }).nullable().optional(),
  opensAt: iso,
  dueAt: iso,
  outcomeOpensAt: iso,
  outcomeDueAt: iso,
};

export const createExperimentBody = z.strictObject(experimentFields);
export const patchExperimentBody = z.strictObject({
  ...experimentFields,
  name: experimentFields.name.optional(),
  question: z.string().trim().max(2000).optional(),
  classIds: experimentFields.classIds.optional(),
  unit: z.enum(["student", "class"]).optional(),
  variants: experimentFields.variants.optional(),
  outcome: experimentFields.outcome.optional(),
});
export type CreateExperimentBody = z.infer<typeof createExperimentBody>;
export type PatchExperimentBody = z.infer<typeof patchExperimentBody>;

export const orgParams = z.object({ orgId: id });
export const experimentParams = z.object({ orgId: id, id });
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
