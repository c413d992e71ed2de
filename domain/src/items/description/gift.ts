/** The description item in GIFT (docs/formats/gift.md). */
import { type GiftMapping, head } from "../../formats/gift/item-parts.ts";
import type { DescriptionItem } from "./schema.ts";

export const gift: GiftMapping<DescriptionItem> = { write: head };
