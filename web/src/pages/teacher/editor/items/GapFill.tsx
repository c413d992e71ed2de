/** The gap_fill fields: the mode, each [[gap]]'s answers (and dropdown options), the word bank's extra words. */
import { Field, Select } from "../../../../components/Field.tsx";
import { type Draft, gapMarkers, list, str, syncGaps } from "../draft.ts";
import { csv, fromCsv, TypedAnswers, TypingRules } from "./fields.tsx";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function GapFillFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const gaps = list(item.gaps);
  const setGap = (i: number, patch: Draft) => set({ gaps: gaps.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
  return (
    <>
      <Select label="Gap mode" value={str(item.mode) || "typed"} onChange={(e) => set({ mode: e.target.value })}>
        <option value="typed">Typed</option>
        <option value="dropdown">Dropdown per gap</option>
        <option value="word_bank">Word bank</option>
      </Select>
      <TypingRules item={item} set={set} />
      {gaps.map((g, i) => (
        <fieldset key={str(g.id) || i}>
          <legend>Gap [[{str(g.id)}]]</legend>
          <TypedAnswers
            label="Accepted answers"
            answers={list(g.answers)}
            onChange={(answers) => setGap(i, { answers })}
          />
          {item.mode === "dropdown" ? (
            <Field
              label="Dropdown options (comma-separated)"
              value={csv(g.options)}
              onChange={(e) => setGap(i, { options: fromCsv(e.target.value) })}
            />
          ) : null}
        </fieldset>
      ))}
      <p className="hint">Each [[marker]] in the prompt has its gap here; delete the marker to remove a gap.</p>
      <button
        type="button"
        className="small"
        onClick={() => {
          const used = new Set([...gaps.map((g) => str(g.id)), ...gapMarkers(str(item.prompt))]);
          let n = 1;
          while (used.has(`g${n}`)) n++;
          const prompt = `${str(item.prompt).trimEnd()} [[g${n}]]`.trimStart();
          onChange(syncGaps({ ...item, prompt }));
        }}
      >
        Add a gap
      </button>
      {item.mode === "word_bank" ? (
        <Field
          label="Extra words for the bank (comma-separated)"
          value={csv(item.distractors)}
          onChange={(e) => set({ distractors: fromCsv(e.target.value) })}
        />
      ) : null}
    </>
  );
}

export const gapFill: ItemEditorModule = {
  label: "Gap fill",
  blank: // No template answers: an example prompt's "goes" outlived the prompt that the teacher replaced.
    (base) => ({ ...base, mode: "typed", gaps: [] }),
  Fields: GapFillFields,
  prompt: {
    placeholder: "He [[g1]] to school.",
    hint: "Mark gaps as [[g1]], [[g2]]…",
    // A new marker adds its gap, a deleted one removes it.
    change: (item, prompt) => syncGaps({ ...item, prompt }),
  },
};
