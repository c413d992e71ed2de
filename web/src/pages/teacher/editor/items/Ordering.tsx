/** The ordering fields: the unit, the right order and the other right orders. */
import { Select, TextArea } from "../../../../components/Field.tsx";
import { type Draft, list, str } from "../draft.ts";
import type { ItemEditorModule, TypeFieldsProps } from "./types.ts";

function OrderingFields({ item, onChange }: TypeFieldsProps) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  return (
    <>
      <Select label="Unit" value={str(item.unit) || "word"} onChange={(e) => set({ unit: e.target.value })}>
        <option value="word">Words</option>
        <option value="sentence">Sentences</option>
      </Select>
      <TextArea
        label="The right order (one unit per line)"
        value={list<string>(item.sequence).join("\n")}
        onChange={(e) => set({ sequence: e.target.value.split("\n").filter((x) => x.trim()) })}
      />
      <TextArea
        label="Other right orders (one per line, units separated by |)"
        value={list<string[]>(item.alternatives)
          .map((a) => a.join(" | "))
          .join("\n")}
        onChange={(e) =>
          set({
            alternatives: e.target.value
              .split("\n")
              .filter((x) => x.trim())
              .map((l) => l.split("|").map((u) => u.trim())),
          })
        }
      />
    </>
  );
}

export const ordering: ItemEditorModule = {
  label: "Ordering",
  blank: (base) => ({ ...base, unit: "word", sequence: ["I", "go", "to", "school"] }),
  Fields: OrderingFields,
};
