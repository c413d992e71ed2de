/** The numerical fields: accepted values with their tolerance, credit and feedback. */
import { Field } from "../../../../components/Field.tsx";
import { type Draft, list, str } from "../draft.ts";
import { creditNote, fracOf, pctOf } from "./fields.tsx";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function NumericalFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const answers = list(item.answers);
  const setA = (i: number, patch: Draft) => set({ answers: answers.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  return (
    <fieldset>
      <legend>Accepted values</legend>
      {answers.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div className="filters" key={i}>
          <Field
            label={`Value ${i + 1}`}
            type="number"
            step="any"
            value={str(a.value)}
            onChange={(e) => setA(i, { value: Number(e.target.value) })}
          />
          <Field
            label="± tolerance"
            type="number"
            step="any"
            min={0}
            value={str(a.tolerance ?? 0)}
            onChange={(e) => setA(i, { tolerance: Number(e.target.value) })}
          />
          <Field
            label="Credit %"
            type="number"
            min={-100}
            max={100}
            value={pctOf(a.fraction)}
            onChange={(e) => setA(i, { fraction: fracOf(e.target.value) })}
          />
          <Field
            label="Feedback"
            value={str(a.feedback)}
            onChange={(e) => setA(i, { feedback: e.target.value || undefined })}
          />
          {creditNote(a.fraction) ? <p className="hint credit-note">{creditNote(a.fraction)}</p> : null}
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => set({ answers: [...answers, { value: 0, tolerance: 0, fraction: 1 }] })}
      >
        Add a value
      </button>
    </fieldset>
  );
}

export const numerical: ItemEditorModule = {
  label: "Numerical",
  blank: (base) => ({ ...base, answers: [{ value: 0, tolerance: 0, fraction: 1 }] }),
  Fields: NumericalFields,
};
