/** The true_false item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { feedback, itemBase } from "../../content/item-base.ts";

export const trueFalseSchema = z.object({
  ...itemBase,
  type: z.literal("true_false"),
  answer: z.boolean(),
  feedbackTrue: feedback,
  feedbackFalse: feedback,
});

export type TrueFalseItem = z.output<typeof trueFalseSchema>;
