/**
 * What one item type is, in one place: everything the rest of the code asks of a type goes through this shape, so
 * that a new type is one folder here and one line in `registry.ts` (docs/architecture.md, "Item types").
 */
import type { StudentItem } from "../api/types.ts";
import type { Response } from "../content/responses.ts";
import type { Item, ItemType } from "../content/schema.ts";
import type { GiftMapping } from "../formats/gift/item-parts.ts";
import type { ItemMapping } from "../formats/qti/types.ts";
import type { Graded } from "../grading/parts.ts";

export type ItemOf<T extends ItemType> = Item & { type: T };

/**
 * What grading makes of a response before scaling: the earned fraction and its parts, or `teacher` (a person
 * grades it: pending, or blank with no text) or `unscored` (no answer is asked: 0 of 0).
 */
export type Grading = Graded | "teacher" | "unscored";

/** What a type's student view gets besides the item: its seeded generator and whether the assignment shuffles. */
export interface StudentViewContext {
  /** Seeded by the attempt and the item: the same view on every reload. */
  random: () => number;
  /** The assignment shuffles items and options. */
  shuffle: boolean;
}

/**
 * How statistics treat the type's answers: `choice` counts how often each option was picked, `typed` groups equal
 * (normalized) answers; null: neither (the score figures only).
 */
export type StatisticsKind = "choice" | "typed" | null;

export interface ItemModule<T extends ItemType> {
  type: T;
  /** The earned fraction and parts for a response (never throws: a missing field is a blank answer). */
  grade(item: ItemOf<T>, response: Response): Grading;
  /** The type's own fields of the student's view, answers stripped, shuffled from `ctx.random`. */
  studentView(item: ItemOf<T>, base: StudentItem, ctx: StudentViewContext): StudentItem;
  /** Why a response does not fit this item (wrong shape, an option it does not have), or null when it fits. */
  responseProblem(item: ItemOf<T>, response: Response): string | null;
  /** The text analytics group equal answers by; null when blank. */
  normalizedText(item: ItemOf<T>, response: Response): string | null;
  statistics: StatisticsKind;
  /** QTI 3.0 / 2.1 export (docs/formats/qti.md); the readers, chosen by interaction, are in the same file. */
  qti: ItemMapping<ItemOf<T>>;
  /** GIFT export (docs/formats/gift.md): why an item cannot be written, and its text. The reader is formats/gift/. */
  gift: GiftMapping<ItemOf<T>>;
}
