/** The ordering item in GIFT (docs/formats/gift.md). */
import { type GiftMapping, head } from "../../formats/gift/item-parts.ts";
import type { OrderingItem } from "./schema.ts";

export const gift: GiftMapping<OrderingItem> = { cannotWrite: () => "GIFT has no such question type", write: head };
