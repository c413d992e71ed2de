/** The matching item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase, text } from "../../content/item-base.ts";

export const matchingSchema = z
  .object({
    ...itemBase,
    type: z.literal("matching"),
    pairs: z
      .array(z.object({ left: text(1000).min(1), right: text(1000).min(1) }))
      .min(1)
      .max(100),
    distractors: z.array(text(1000)).max(100).optional(),
  })
  .superRefine((item, ctx) => {
    const lefts = item.pairs.map((p) => p.left);
    if (new Set(lefts).size !== lefts.length) {
      ctx.addIssue({ code: "custom", path: ["pairs"], message: "left sides must be unique" });
    }
  });

export type MatchingItem = z.output<typeof matchingSchema>;
