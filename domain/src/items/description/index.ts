/** description: text (and media) with no question; it opens a section when items are shuffled. */
import type { ItemModule } from "../item-module.ts";
import { gift } from "./gift.ts";
import { qti } from "./qti.ts";

export const description: ItemModule<"description"> = {
  type: "description",
  grade: () => "unscored",
  studentView: (_item, base) => base,
  responseProblem: () => "this item takes no answer",
  normalizedText: () => null,
  statistics: null,
  qti,
  gift,
};
