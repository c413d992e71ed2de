/** description: text (and media) with no question; the common fields are all it has. */
import type { ItemEditorModule } from "./types.ts";

export const description: ItemEditorModule = {
  label: "Description (no answer)",
  blank: (base) => base,
  Fields: null,
  prompt: { label: "Text" },
  noAnswer: true,
};
