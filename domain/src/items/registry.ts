/**
 * Every item type, by its `type`: the one list the grader, the student view, the response check, analytics and
 * statistics read. A new type is a folder beside this file and one line here (TypeScript refuses a type of
 * `ITEM_TYPES` that has no line).
 */
import type { Response } from "../content/responses.ts";
import type { Item, ItemType } from "../content/schema.ts";
import { description } from "./description/index.ts";
import { essay } from "./essay/index.ts";
import { gapFill } from "./gap-fill/index.ts";
import type { ItemModule, ItemOf, StatisticsKind } from "./item-module.ts";
import { markWords } from "./mark-words/index.ts";
import { matching } from "./matching/index.ts";
import { multipleChoice } from "./multiple-choice/index.ts";
import { numerical } from "./numerical/index.ts";
import { ordering } from "./ordering/index.ts";
import { shortAnswer } from "./short-answer/index.ts";
import { trueFalse } from "./true-false/index.ts";

export const ITEM_MODULES: { [T in ItemType]: ItemModule<T> } = {
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

/** The module of an item's type, typed for that item (TypeScript cannot narrow the map's union by itself). */
export function itemModule<T extends ItemType>(item: ItemOf<T>): ItemModule<T> {
  return ITEM_MODULES[item.type as T];
}

/**
 * Is this response of the right shape for this item? The request schema already checked that it is one of the
 * response shapes of content-model.md; here it must be the one of the item's type and refer only to the item's own
 * options, gaps, left sides, units and words. A wrong answer is fine; a malformed one is refused (422) before
 * anything is saved, so grading only ever sees responses it understands. A problem, or null when it fits.
 */
export function responseProblem(item: Item, response: Response): string | null {
  return itemModule(item).responseProblem(item, response);
}

/**
 * The text analytics group equal answers by (`responses.normalized_text`): typed answers normalized as grading
 * does (spacing, typography, case unless case-sensitive), choices as sorted ids, gaps in gap order. Null when blank.
 */
export function normalizedTextOf(item: Item, response: Response | undefined): string | null {
  return response ? itemModule(item).normalizedText(item, response) : null;
}

/** How statistics treat a type's answers (options counted, typed answers grouped, or neither). */
export function statisticsKindOf(type: string): StatisticsKind {
  return (ITEM_MODULES as Record<string, ItemModule<ItemType> | undefined>)[type]?.statistics ?? null;
}
