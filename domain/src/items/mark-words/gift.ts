/** The mark_words item in GIFT (docs/formats/gift.md). */
import { type GiftMapping, head } from "../../formats/gift/item-parts.ts";
import type { MarkWordsItem } from "./schema.ts";

export const gift: GiftMapping<MarkWordsItem> = { cannotWrite: () => "GIFT has no such question type", write: head };
