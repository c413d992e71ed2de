import { EXPORT_FORMATS, exerciseSchema, LEVELS, SKILLS } from "@languagecloud/domain";
import { z } from "zod";

export const orgParams = z.object({ orgId: z.string().min(1).max(64) });
export const exerciseParams = orgParams.extend({ id: z.string().min(1).max(64) });
export const versionParams = exerciseParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(500).optional();

export const listExercisesQuery = z.object({
  q: z.string().max(200).optional(),
  level: z.enum(LEVELS).optional(),
  skill: z.enum(SKILLS).optional(),
  tag: z.string().trim().toLowerCase().min(1).max(64).optional(),
  status: z.enum(["draft", "published", "archived"]).optional(),
  limit,
  cursor,
});

export const listVersionsQuery = z.object({ limit: limit.default(20), cursor });

/** A new exercise: the canonical shape of content-model.md, validated by the domain's schema. */
export const createExerciseBody = exerciseSchema;

/**
 * An edit of the draft: any of the exercise's fields (null clears an optional one). The merged draft is then
 * validated as a whole by the domain's schema, so cross-field rules hold after partial edits too.
 */
export const patchExerciseBody = z.strictObject({
  title: z.unknown().optional(),
  instructions: z.unknown().optional(),
  level: z.unknown().optional(),
  skills: z.unknown().optional(),
  tags: z.unknown().optional(),
  passage: z.unknown().optional(),
  passageFormat: z.unknown().optional(),
  media: z.unknown().optional(),
  items: z.unknown().optional(),
});
export type ExercisePatch = z.infer<typeof patchExerciseBody>;

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default("json"),
  version: z.coerce.number().int().min(1).optional(),
});

export const publishedDto = z.object({
  version: z.number(),
  id: z.string(),
  exerciseId: z.string(),
  publishedAt: z.string(),
});
