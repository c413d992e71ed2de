import { pathInWords } from "@languagecloud/domain/content/field-names";
import { Field, TextArea } from "../../../components/Field.tsx";
import { MediaPicker } from "../MediaPicker.tsx";
import { type Draft, list, str } from "./draft.ts";
import { editorOf } from "./items/index.ts";

interface Props {
  orgId: string;
  item: Draft;
  index: number;
  onChange: (item: Draft) => void;
  errors: Record<string, string>;
}

export function ItemEditor({ orgId, item, index, onChange, errors }: Props) {
  const set = (patch: Draft) => onChange({ ...item, ...patch });
  const prefix = `items.${index}`;
  const err = (k: string) => errors[`${prefix}.${k}`];
  const itemErrors = Object.entries(errors).filter(([k]) => k.startsWith(`${prefix}.`) || k === prefix);
  const editor = editorOf(item);
  const label = editor?.label ?? str(item.type);
  const prompt = editor?.prompt;
  const Fields = editor?.Fields;
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
        label={prompt?.label ?? "Prompt"}
        value={str(item.prompt)}
        onChange={(e) =>
          prompt?.change ? onChange(prompt.change(item, e.target.value)) : set({ prompt: e.target.value })
        }
        error={err("prompt")}
        placeholder={prompt?.placeholder}
        hint={prompt?.hint}
      />
      {!editor?.noAnswer ? (
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
      {Fields ? <Fields item={item} onChange={onChange} /> : null}
      {/* Media of this item (a picture to describe, a recording to answer): images need their alt text. */}
      <MediaPicker
        orgId={orgId}
        legend="Media of this item"
        value={list<{ mediaId: string; kind: string; alt?: string }>(item.media)}
        onChange={(media) => set({ media: media.length ? media : undefined })}
      />
      {!editor?.noAnswer ? (
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
