/** The essay fields: the word limits and the rubric. */
import { Field } from "../../../../components/Field.tsx";
import { type Draft, list, str } from "../draft.ts";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function EssayFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const rubric = list(item.rubric);
  const setR = (i: number, patch: Draft) => set({ rubric: rubric.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const intOrUndef = (v: string) => (v === "" ? undefined : Math.max(0, Math.round(Number(v))));
  return (
    <>
      <div className="filters">
        <Field
          label="Minimum words"
          type="number"
          min={0}
          value={str(item.minWords)}
          onChange={(e) => set({ minWords: intOrUndef(e.target.value) })}
        />
        <Field
          label="Maximum words"
          type="number"
          min={1}
          value={str(item.maxWords)}
          onChange={(e) => set({ maxWords: intOrUndef(e.target.value) })}
        />
      </div>
      <fieldset>
        <legend>Rubric</legend>
        {rubric.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <div className="filters" key={i}>
            <Field
              label={`Criterion ${i + 1}`}
              value={str(r.criterion)}
              onChange={(e) => setR(i, { criterion: e.target.value })}
            />
            <Field
              label="Points"
              type="number"
              min={0}
              value={str(r.points)}
              onChange={(e) => setR(i, { points: Number(e.target.value) })}
            />
            <button
              type="button"
              className="small danger"
              onClick={() => set({ rubric: rubric.filter((_, j) => j !== i) })}
            >
              Remove criterion {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small"
          onClick={() => set({ rubric: [...rubric, { criterion: "", points: 1 }] })}
        >
          Add a criterion
        </button>
      </fieldset>
    </>
  );
}

export const essay: ItemEditorModule = {
  label: "Essay",
  blank: (base) => ({ ...base, points: 10, minWords: 50, maxWords: 200, rubric: [] }),
  Fields: EssayFields,
};
