/** The short_answer item in GIFT (docs/formats/gift.md). */
import { answer, type GiftMapping, hasArrow, hasEmpty, head, list } from "../../formats/gift/item-parts.ts";
import type { ShortAnswerItem } from "./schema.ts";

export const gift: GiftMapping<ShortAnswerItem> = {
  cannotWrite(item) {
    if (hasArrow(item.answers)) return 'an answer contains "->", which GIFT reads as a matching pair';
    if (hasEmpty(item.answers)) return "an answer is empty";
    return undefined;
  },
  write: (item) =>
    `${head(item)} ${list(
      item.answers.map((a) => answer("=", a)),
      item,
    )}`,
};
