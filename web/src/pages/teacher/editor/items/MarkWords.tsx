/** The mark_words fields: the words to find are marked in the prompt itself. */
import type { ItemEditorModule } from "./types.ts";

function MarkWordsFields() {
  return <p className="hint">In the prompt, put the words to find between asterisks: She *go* to school.</p>;
}

export const markWords: ItemEditorModule = {
  label: "Mark the words",
  blank: (base) => ({ ...base, prompt: "She *go* to school yesterday." }),
  Fields: MarkWordsFields,
};
