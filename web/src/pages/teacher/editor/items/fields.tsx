/** Pieces several types' editors share: credit as a percentage, rows of typed answers, the typing rules. */
import { Checkbox, Field, Select } from "../../../../components/Field.tsx";
import { type Draft, list, str } from "../draft.ts";

export const pctOf = (f: unknown) => (typeof f === "number" ? Math.round(f * 100) : 0);
export const fracOf = (v: string) => Math.max(-1, Math.min(1, (Number(v) || 0) / 100));
export const csv = (xs: unknown) => list<string>(xs).join(", ");
/** What an answer below full credit is, in words (a 0 % "accepted answer" looked like a right one and was not). */
export function creditNote(fraction: unknown): string | null {
  const f = typeof fraction === "number" ? fraction : 0;
  if (f >= 1) return null;
  if (f > 0) return `Partial credit: ${Math.round(f * 100)} % of the points.`;
  return "A known wrong answer: it earns nothing; its feedback explains the mistake.";
}

export const fromCsv = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Rows of {text, fraction, feedback}: short answers and gap answers. */
export function TypedAnswers({
  answers,
  onChange,
  label,
}: {
  answers: Draft[];
  onChange: (a: Draft[]) => void;
  label: string;
}) {
  const set = (i: number, patch: Draft) => onChange(answers.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <fieldset>
      <legend>{label}</legend>
      {answers.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div className="filters" key={i}>
          <Field
            label={`Answer ${i + 1}`}
            value={str(a.text)}
            onChange={(e) => set(i, { text: e.target.value })}
            hint="* matches anything"
          />
          <Field
            label="Credit %"
            type="number"
            min={-100}
            max={100}
            value={pctOf(a.fraction)}
            onChange={(e) => set(i, { fraction: fracOf(e.target.value) })}
          />
          <Field
            label="Feedback"
            value={str(a.feedback)}
            onChange={(e) => set(i, { feedback: e.target.value || undefined })}
          />
          {creditNote(a.fraction) ? <p className="hint credit-note">{creditNote(a.fraction)}</p> : null}
          <button
            type="button"
            className="small danger"
            onClick={() => onChange(answers.filter((_, j) => j !== i))}
            disabled={answers.length < 2}
          >
            Remove answer {i + 1}
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...answers, { text: "", fraction: 1 }])}>
        Add an answer
      </button>
    </fieldset>
  );
}

/** Case and typo tolerance: how typed answers (short answers, typed gaps) are compared. */
export function TypingRules({ item, set }: { item: Draft; set: (patch: Draft) => void }) {
  return (
    <div className="row">
      <Checkbox
        label="Case sensitive"
        checked={item.caseSensitive === true}
        onChange={(e) => set({ caseSensitive: e.target.checked })}
      />
      <Select label="Typos" value={str(item.tolerance) || "typos"} onChange={(e) => set({ tolerance: e.target.value })}>
        <option value="typos">Accept small typos</option>
        <option value="exact">Exact spelling</option>
      </Select>
    </div>
  );
}
