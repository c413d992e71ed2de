/** The essay item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase, text } from "../../content/item-base.ts";

export const essaySchema = z
  .object({
    ...itemBase,
    type: z.literal("essay"),
    minWords: z.number().int().min(0).optional(),
    maxWords: z.number().int().min(1).optional(),
    rubric: z
      .array(z.object({ criterion: text(500).min(1), points: z.number().min(0) }))
      .max(30)
      .optional(),
  })
  .superRefine((item, ctx) => {
    if (item.minWords !== undefined && item.maxWords !== undefined && item.minWords > item.maxWords) {
      ctx.addIssue({ code: "custom", path: ["minWords"], message: "minWords must not exceed maxWords" });
    }
  });

export type EssayItem = z.output<typeof essaySchema>;
