/** The multiple_choice fields: options with their credit and feedback, several answers or one, shuffled or not. */
import { Checkbox, Field } from "../../../../components/Field.tsx";
import { type Draft, list, str } from "../draft.ts";
import { fracOf, pctOf } from "./fields.tsx";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function MultipleChoiceFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const options = list(item.options);
  const setOpt = (i: number, patch: Draft) =>
    set({ options: options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  return (
    <>
      <div className="row">
        <Checkbox
          label="Several answers may be chosen"
          checked={item.multiple === true}
          onChange={(e) => set({ multiple: e.target.checked })}
        />
        <Checkbox
          label="Shuffle the options"
          checked={item.shuffle === true}
          onChange={(e) => set({ shuffle: e.target.checked })}
        />
      </div>
      <fieldset>
        <legend>Options</legend>
        {options.map((o, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <div className="filters" key={i}>
            <Field
              label={`Option ${str(o.id) || i + 1}`}
              value={str(o.text)}
              onChange={(e) => setOpt(i, { text: e.target.value })}
            />
            <Field
              label="Credit %"
              type="number"
              min={-100}
              max={100}
              value={pctOf(o.fraction)}
              onChange={(e) => setOpt(i, { fraction: fracOf(e.target.value) })}
            />
            <Field
              label="Feedback"
              value={str(o.feedback)}
              onChange={(e) => setOpt(i, { feedback: e.target.value || undefined })}
            />
            <button
              type="button"
              className="small danger"
              onClick={() => set({ options: options.filter((_, j) => j !== i) })}
              disabled={options.length < 3}
            >
              Remove option {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small"
          onClick={() => {
            const used = new Set(options.map((o) => o.id));
            let k = 0;
            while (used.has(String.fromCharCode(97 + k))) k++;
            set({ options: [...options, { id: String.fromCharCode(97 + k), text: "", fraction: 0 }] });
          }}
        >
          Add an option
        </button>
      </fieldset>
    </>
  );
}

export const multipleChoice: ItemEditorModule = {
  label: "Multiple choice",
  blank: (base) => ({
    ...base,
    multiple: false,
    shuffle: true,
    options: [
      { id: "a", text: "", fraction: 1 },
      { id: "b", text: "", fraction: 0 },
    ],
  }),
  Fields: MultipleChoiceFields,
};
