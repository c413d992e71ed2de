/** The short_answer item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase, toleranceSchema, typedAnswerSchema } from "../../content/item-base.ts";

export const shortAnswerSchema = z
  .object({
    ...itemBase,
    type: z.literal("short_answer"),
    answers: z.array(typedAnswerSchema).min(1).max(100),
    caseSensitive: z.boolean().default(false),
    tolerance: toleranceSchema.default("typos"),
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

export type ShortAnswerItem = z.output<typeof shortAnswerSchema>;
