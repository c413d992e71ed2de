/** The matching fields: the pairs and the wrong right-hand choices. */
import { Field } from "../../../../components/Field.tsx";
import { type Draft, list, str } from "../draft.ts";
import { csv, fromCsv } from "./fields.tsx";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function MatchingFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const pairs = list(item.pairs);
  const setP = (i: number, patch: Draft) => set({ pairs: pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  return (
    <>
      <fieldset>
        <legend>Pairs</legend>
        {pairs.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <div className="filters" key={i}>
            <Field label={`Left ${i + 1}`} value={str(p.left)} onChange={(e) => setP(i, { left: e.target.value })} />
            <Field label={`Right ${i + 1}`} value={str(p.right)} onChange={(e) => setP(i, { right: e.target.value })} />
            <button
              type="button"
              className="small danger"
              onClick={() => set({ pairs: pairs.filter((_, j) => j !== i) })}
              disabled={pairs.length < 2}
            >
              Remove pair {i + 1}
            </button>
          </div>
        ))}
        <button type="button" className="small" onClick={() => set({ pairs: [...pairs, { left: "", right: "" }] })}>
          Add a pair
        </button>
      </fieldset>
      <Field
        label="Wrong right-hand choices (comma-separated)"
        value={csv(item.distractors)}
        onChange={(e) => set({ distractors: fromCsv(e.target.value) })}
      />
    </>
  );
}

export const matching: ItemEditorModule = {
  label: "Matching",
  blank: (base) => ({
    ...base,
    pairs: [
      { left: "", right: "" },
      { left: "", right: "" },
    ],
    distractors: [],
  }),
  Fields: MatchingFields,
};
