/** The true_false fields: the right answer and the feedback for each. */
import { Field, Select } from "../../../../components/Field.tsx";
import { type Draft, str } from "../draft.ts";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function TrueFalseFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  return (
    <>
      <Select
        label="The statement is"
        value={item.answer === false ? "false" : "true"}
        onChange={(e) => set({ answer: e.target.value === "true" })}
      >
        <option value="true">True</option>
        <option value="false">False</option>
      </Select>
      <Field
        label="Feedback for those who answer True"
        value={str(item.feedbackTrue)}
        onChange={(e) => set({ feedbackTrue: e.target.value || undefined })}
      />
      <Field
        label="Feedback for those who answer False"
        value={str(item.feedbackFalse)}
        onChange={(e) => set({ feedbackFalse: e.target.value || undefined })}
      />
    </>
  );
}

export const trueFalse: ItemEditorModule = {
  label: "True / false",
  blank: (base) => ({ ...base, answer: true }),
  Fields: TrueFalseFields,
};
