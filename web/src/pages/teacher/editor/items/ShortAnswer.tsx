/** The short_answer fields: the accepted answers and how strictly they are compared. */
import { type Draft, list } from "../draft.ts";
import { TypedAnswers, TypingRules } from "./fields.tsx";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function ShortAnswerFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  return (
    <>
      <TypingRules item={item} set={set} />
      <TypedAnswers label="Accepted answers" answers={list(item.answers)} onChange={(answers) => set({ answers })} />
    </>
  );
}

export const shortAnswer: ItemEditorModule = {
  label: "Short answer",
  blank: (base) => ({ ...base, answers: [{ text: "", fraction: 1 }], caseSensitive: false, tolerance: "typos" }),
  Fields: ShortAnswerFields,
};
