/**
 * The editor of each item type, by type, as `player/items/` has the player's: a new type is one component file
 * here and one line below (TypeScript refuses a type of `ITEM_TYPES` without its line).
 */
import type { ItemType } from "@languagecloud/domain";
import type { Draft } from "../draft.ts";
import { description } from "./Description.tsx";
import { essay } from "./Essay.tsx";
import { gapFill } from "./GapFill.tsx";
import { markWords } from "./MarkWords.tsx";
import { matching } from "./Matching.tsx";
import { multipleChoice } from "./MultipleChoice.tsx";
import { numerical } from "./Numerical.tsx";
import { ordering } from "./Ordering.tsx";
import { shortAnswer } from "./ShortAnswer.tsx";
import { trueFalse } from "./TrueFalse.tsx";
import type { ItemEditorModule } from "./types.ts";

export const ITEM_EDITORS: { [T in ItemType]: ItemEditorModule } = {
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

/** The editor of a draft's type; undefined for a type this app does not know (an API newer than the page). */
export const editorOf = (item: Draft): ItemEditorModule | undefined =>
  (ITEM_EDITORS as Record<string, ItemEditorModule | undefined>)[String(item.type)];

export const TYPE_LABELS = Object.fromEntries(
  Object.entries(ITEM_EDITORS).map(([type, e]) => [type, e.label]),
) as Record<ItemType, string>;

/** A new item of a type, with the next free id (`q<n>`). */
export function newItem(type: ItemType, existing: Draft[]): Draft {
  const used = new Set(existing.map((i) => i.id));
  let n = existing.length + 1;
  while (used.has(`q${n}`)) n++;
  const editor = ITEM_EDITORS[type];
  return editor.blank({ id: `q${n}`, type, prompt: "", points: editor.noAnswer ? 0 : 1 });
}
