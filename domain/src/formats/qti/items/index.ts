/**
 * Each item type's QTI mapping, by type. One file per type so that a type's mappings can move into its own module
 * with the rest of that type (editor, grader, player) later.
 */
import type { Item } from "../../../content/schema.ts";
import type { ItemMapping } from "../types.ts";
import { description } from "./description.ts";
import { essay } from "./essay.ts";
import { gapFill } from "./gap-fill.ts";
import { markWords } from "./mark-words.ts";
import { matching } from "./matching.ts";
import { multipleChoice } from "./multiple-choice.ts";
import { numerical } from "./numerical.ts";
import { ordering } from "./ordering.ts";
import { shortAnswer } from "./short-answer.ts";
import { trueFalse } from "./true-false.ts";

type Mappings = { [K in Item["type"]]: ItemMapping<Item & { type: K }> };

export const QTI_MAPPINGS: Mappings = {
  multiple_choice: multipleChoice,
  true_false: trueFalse,
  short_answer: shortAnswer,
  numerical,
  gap_fill: gapFill,
  matching,
  ordering,
  mark_words: markWords,
  essay,
  description,
};

export function mappingOf<T extends Item>(item: T): ItemMapping<T> {
  return QTI_MAPPINGS[item.type] as unknown as ItemMapping<T>;
}
