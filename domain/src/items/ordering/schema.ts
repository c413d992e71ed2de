/** The ordering item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase, text } from "../../content/item-base.ts";
import { orderingKey } from "../../grading/normalize.ts";

export const orderingSchema = z
  .object({
    ...itemBase,
    type: z.literal("ordering"),
    unit: z.enum(["word", "sentence"]).default("word"),
    sequence: z.array(text(2000).min(1)).min(2).max(100),
    alternatives: z
      .array(z.array(text(2000).min(1)))
      .max(20)
      .optional(),
  })
  .superRefine((item, ctx) => {
    for (const [i, alt] of (item.alternatives ?? []).entries()) {
      // The same units ignoring case and end punctuation: "the cat." may become "The cat" when it moves first.
      const units = (seq: readonly string[]) => seq.map(orderingKey).sort().join("\u0000");
      if (units(alt) !== units(item.sequence)) {
        ctx.addIssue({
          code: "custom",
          path: ["alternatives", i],
          message: "an alternative must reorder the same units",
        });
      }
    }
  });

export type OrderingItem = z.output<typeof orderingSchema>;
