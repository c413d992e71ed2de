import { pathInWords } from "@languagecloud/domain/content/field-names";
import { Checkbox, Field, Select, TextArea } from "../../../components/Field.tsx";
import { MediaPicker } from "../MediaPicker.tsx";
import { type Draft, gapMarkers, list, str, syncGaps, TYPE_LABELS } from "./draft.ts";

interface Props {
  orgId: string;
  item: Draft;
  index: number;
  onChange: (item: Draft) => void;
  errors: Record<string, string>;
}

const pctOf = (f: unknown) => (typeof f === "number" ? Math.round(f * 100) : 0);
const fracOf = (v: string) => Math.max(-1, Math.min(1, (Number(v) || 0) / 100));
const csv = (xs: unknown) => list<string>(xs).join(", ");
/** What an answer below full credit is, in words (a 0 % "accepted answer" looked like a right one and was not). */
function creditNote(fraction: unknown): string | null {
  const f = typeof fraction === "number" ? fraction : 0;
  if (f >= 1) return null;
  if (f > 0) return `Partial credit: ${Math.round(f * 100)} % of the points.`;
  return "A known wrong answer: it earns nothing; its feedback explains the mistake.";
}

const fromCsv = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Rows of {text, fraction, feedback}: short answers and gap answers. */
function TypedAnswers({
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

function TypeFields({ item, onChange }: { item: Draft; onChange: (item: Draft) => void }) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  switch (item.type) {
    case "multiple_choice": {
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
    case "true_false":
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
    case "short_answer":
    case "gap_fill": {
      const common = (
        <div className="row">
          <Checkbox
            label="Case sensitive"
            checked={item.caseSensitive === true}
            onChange={(e) => set({ caseSensitive: e.target.checked })}
          />
          <Select
            label="Typos"
            value={str(item.tolerance) || "typos"}
            onChange={(e) => set({ tolerance: e.target.value })}
          >
            <option value="typos">Accept small typos</option>
            <option value="exact">Exact spelling</option>
          </Select>
        </div>
      );
      if (item.type === "short_answer") {
        return (
          <>
            {common}
            <TypedAnswers
              label="Accepted answers"
              answers={list(item.answers)}
              onChange={(answers) => set({ answers })}
            />
          </>
        );
      }
      const gaps = list(item.gaps);
      const setGap = (i: number, patch: Draft) => set({ gaps: gaps.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
      return (
        <>
          <Select label="Gap mode" value={str(item.mode) || "typed"} onChange={(e) => set({ mode: e.target.value })}>
            <option value="typed">Typed</option>
            <option value="dropdown">Dropdown per gap</option>
            <option value="word_bank">Word bank</option>
          </Select>
          {common}
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
    case "numerical": {
      const answers = list(item.answers);
      const setA = (i: number, patch: Draft) =>
        set({ answers: answers.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
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
    case "matching": {
      const pairs = list(item.pairs);
      const setP = (i: number, patch: Draft) => set({ pairs: pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
      return (
        <>
          <fieldset>
            <legend>Pairs</legend>
            {pairs.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
              <div className="filters" key={i}>
                <Field
                  label={`Left ${i + 1}`}
                  value={str(p.left)}
                  onChange={(e) => setP(i, { left: e.target.value })}
                />
                <Field
                  label={`Right ${i + 1}`}
                  value={str(p.right)}
                  onChange={(e) => setP(i, { right: e.target.value })}
                />
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
    case "ordering":
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
    case "mark_words":
      return <p className="hint">In the prompt, put the words to find between asterisks: She *go* to school.</p>;
    case "essay": {
      const rubric = list(item.rubric);
      const setR = (i: number, patch: Draft) =>
        set({ rubric: rubric.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
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
    default:
      return null;
  }
}

export function ItemEditor({ orgId, item, index, onChange, errors }: Props) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const prefix = `items.${index}`;
  const err = (k: string) => errors[`${prefix}.${k}`];
  const itemErrors = Object.entries(errors).filter(([k]) => k.startsWith(`${prefix}.`) || k === prefix);
  const label = TYPE_LABELS[item.type as keyof typeof TYPE_LABELS] ?? str(item.type);
  return (
    <div>
      <p className="muted">
        {label} · id <code>{str(item.id)}</code>
      </p>
      <Field
        label="Title (optional)"
        value={str(item.title)}
        onChange={(e) => set({ title: e.target.value || undefined })}
        error={err("title")}
      />
      <TextArea
        label={item.type === "description" ? "Text" : "Prompt"}
        value={str(item.prompt)}
        onChange={(e) =>
          item.type === "gap_fill"
            ? onChange(syncGaps({ ...item, prompt: e.target.value }))
            : set({ prompt: e.target.value })
        }
        error={err("prompt")}
        placeholder={item.type === "gap_fill" ? "He [[g1]] to school." : undefined}
        hint={item.type === "gap_fill" ? "Mark gaps as [[g1]], [[g2]]…" : undefined}
      />
      {item.type !== "description" ? (
        <Field
          label="Points"
          type="number"
          min={0}
          step="any"
          value={str(item.points ?? 1)}
          onChange={(e) => set({ points: Number(e.target.value) })}
          error={err("points")}
        />
      ) : null}
      <TypeFields item={item} onChange={onChange} />
      {/* Media of this item (a picture to describe, a recording to answer): images need their alt text. */}
      <MediaPicker
        orgId={orgId}
        legend="Media of this item"
        value={list<{ mediaId: string; kind: string; alt?: string }>(item.media)}
        onChange={(media) => set({ media: media.length ? media : undefined })}
      />
      {item.type !== "description" ? (
        <Field
          label="General feedback"
          value={str(item.generalFeedback)}
          onChange={(e) => set({ generalFeedback: e.target.value || undefined })}
        />
      ) : null}
      {itemErrors.length ? (
        <ul className="form-alert" role="alert">
          {itemErrors.map(([k, m]) => (
            <li key={k}>
              {pathInWords(k)}: {m}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
