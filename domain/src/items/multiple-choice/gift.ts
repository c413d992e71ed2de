/** The multiple_choice item in GIFT (docs/formats/gift.md). */
import { choices, type GiftMapping, hasEmpty, head, list } from "../../formats/gift/item-parts.ts";
import type { MultipleChoiceItem } from "./schema.ts";

export const gift: GiftMapping<MultipleChoiceItem> = {
  cannotWrite: (item) => (hasEmpty(item.options) ? "an option is empty" : undefined),
  write: (item) => `${head(item)} ${list(choices(item.options, !item.multiple), item)}`,
};
