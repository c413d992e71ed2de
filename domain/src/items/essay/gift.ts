/** The essay item in GIFT (docs/formats/gift.md). */
import { type GiftMapping, general, head } from "../../formats/gift/item-parts.ts";
import type { EssayItem } from "./schema.ts";

export const gift: GiftMapping<EssayItem> = { write: (item) => `${head(item)} {${general(item)}}` };
