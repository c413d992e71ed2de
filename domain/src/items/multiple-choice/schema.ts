/** The multiple_choice item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { feedback, fraction, itemBase, text } from "../../content/item-base.ts";

export const choiceOptionSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  text: text(5000),
  fraction,
  feedback,
});

export const multipleChoiceSchema = z
  .object({
    ...itemBase,
    type: z.literal("multiple_choice"),
    multiple: z.boolean().default(false),
    shuffle: z.boolean().default(false),
    options: z.array(choiceOptionSchema).min(2).max(50),
  })
  .superRefine((item, ctx) => {
    if (!item.options.some((o) => o.fraction > 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "at least one option must have a positive fraction",
      });
    }
    const ids = item.options.map((o) => o.id).filter((id): id is string => !!id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
    }
  });

export type MultipleChoiceItem = z.output<typeof multipleChoiceSchema>;
export type ChoiceOption = z.output<typeof choiceOptionSchema>;
