/** The gap_fill item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase, text, toleranceSchema, typedAnswerSchema } from "../../content/item-base.ts";

/** Gap markers in a gap_fill prompt: `[[g1]]`. */
export const GAP_MARKER = /\[\[([A-Za-z0-9_-]+)\]\]/g;

export const gapSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  answers: z.array(typedAnswerSchema).min(1).max(100),
  options: z.array(text(1000)).max(50).optional(),
});

export const gapFillSchema = z
  .object({
    ...itemBase,
    type: z.literal("gap_fill"),
    gaps: z.array(gapSchema).min(1).max(100),
    mode: z.enum(["typed", "dropdown", "word_bank"]).default("typed"),
    distractors: z.array(text(1000)).max(100).optional(),
    caseSensitive: z.boolean().default(false),
    tolerance: toleranceSchema.default("typos"),
  })
  .superRefine((item, ctx) => {
    const inPrompt = [...item.prompt.matchAll(GAP_MARKER)].map((m) => m[1] as string);
    const declared = item.gaps.map((g) => g.id);
    if (new Set(declared).size !== declared.length) {
      ctx.addIssue({ code: "custom", path: ["gaps"], message: "gap ids must be unique" });
    }
    if (new Set(inPrompt).size !== inPrompt.length) {
      ctx.addIssue({ code: "custom", path: ["prompt"], message: "each gap marker may appear only once" });
    }
    for (const id of inPrompt) {
      if (!declared.includes(id)) {
        ctx.addIssue({ code: "custom", path: ["prompt"], message: `the prompt has [[${id}]] but no gap "${id}"` });
      }
    }
    item.gaps.forEach((gap, i) => {
      if (!inPrompt.includes(gap.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["gaps", i, "id"],
          message: `gap "${gap.id}" has no [[${gap.id}]] in the prompt`,
        });
      }
      if (!gap.answers.some((a) => a.fraction > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["gaps", i, "answers"],
          message: "at least one answer must have a positive fraction",
        });
      }
      if (item.mode === "dropdown" && (!gap.options || gap.options.length < 2)) {
        ctx.addIssue({
          code: "custom",
          path: ["gaps", i, "options"],
          message: "a dropdown gap needs at least two options",
        });
      }
    });
  });

export type GapFillItem = z.output<typeof gapFillSchema>;
