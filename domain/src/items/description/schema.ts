/** The description item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase } from "../../content/item-base.ts";

export const descriptionSchema = z.object({
  ...itemBase,
  type: z.literal("description"),
});

export type DescriptionItem = z.output<typeof descriptionSchema>;
