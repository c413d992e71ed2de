/** The true_false item in GIFT (docs/formats/gift.md). */
import { type GiftMapping, general, head } from "../../formats/gift/item-parts.ts";
import { escapeGift } from "../../formats/gift/lexer.ts";
import type { TrueFalseItem } from "./schema.ts";

export const gift: GiftMapping<TrueFalseItem> = {
  write(item) {
    const wrong = item.answer ? item.feedbackFalse : item.feedbackTrue;
    const right = item.answer ? item.feedbackTrue : item.feedbackFalse;
    const fbs = right
      ? `#${wrong ? escapeGift(wrong) : ""}#${escapeGift(right)}`
      : wrong
        ? `#${escapeGift(wrong)}`
        : "";
    return `${head(item)} {${item.answer ? "TRUE" : "FALSE"}${fbs}${general(item)}}`;
  },
};
