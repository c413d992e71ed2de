/** The numerical item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { feedback, fraction, itemBase } from "../../content/item-base.ts";

/**
 * A numerical answer with this tolerance matches every number: Moodle's catch-all (`{#3:2~#Completely wrong}` in
 * GIFT, `*` in Moodle XML) — a wrong answer's feedback for any number the other answers do not cover. Finite, so the
 * content model stays `{value, tolerance, fraction, feedback}`; the grader prefers any other match (higher fraction).
 */
export const ANY_NUMBER_TOLERANCE = Number.MAX_VALUE;

export const isCatchAllAnswer = (a: { tolerance: number }): boolean => a.tolerance >= ANY_NUMBER_TOLERANCE;

export const numericalAnswerSchema = z.object({
  value: z.number().finite(),
  tolerance: z.number().min(0).finite().default(0),
  fraction,
  feedback,
});

export const numericalSchema = z
  .object({
    ...itemBase,
    type: z.literal("numerical"),
    answers: z.array(numericalAnswerSchema).min(1).max(100),
  })
  .superRefine((item, ctx) => {
    if (!item.answers.some((a) => a.fraction > 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["answers"],
        message: "at least one answer must have a positive fraction",
      });
    }
  });

export type NumericalItem = z.output<typeof numericalSchema>;
