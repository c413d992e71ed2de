/** The matching item in GIFT (docs/formats/gift.md). */
import { type GiftMapping, head, list } from "../../formats/gift/item-parts.ts";
import { escapeGift } from "../../formats/gift/lexer.ts";
import type { MatchingItem } from "./schema.ts";

export const gift: GiftMapping<MatchingItem> = {
  cannotWrite: (item) => (item.pairs.some((p) => p.left.includes("->")) ? 'a left side contains "->"' : undefined),
  write(item) {
    const pairs = item.pairs.map((p) => `=${escapeGift(p.left)} -> ${escapeGift(p.right)}`);
    const extra = (item.distractors ?? []).map((d) => `= -> ${escapeGift(d)}`);
    return `${head(item)} ${list([...pairs, ...extra], item)}`;
  },
};
