/** What the editor knows of one item type: its name, a new item's starting point, and its own fields. */
import type { ComponentType } from "react";
import type { Draft } from "../draft.ts";

export interface TypeFieldsProps {
  item: Draft;
  onChange: (item: Draft) => void;
}

export interface ItemEditorModule {
  /** The type's name in the editor's lists. */
  label: string;
  /** A new item of this type, from the fields every new item has (id, type, prompt, points). */
  blank: (base: Draft) => Draft;
  /** The type's own fields below the prompt; null when the common fields are all there is. */
  Fields: ComponentType<TypeFieldsProps> | null;
  /** What the prompt field says and does for this type (gap markers, words to find). */
  prompt?: { label?: string; placeholder?: string; hint?: string; change?: (item: Draft, prompt: string) => Draft };
  /** The type asks no answer (a description): no points, no general feedback. */
  noAnswer?: boolean;
}
