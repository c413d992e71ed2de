import { MAX_TEXT_LENGTH } from "@languagecloud/domain/content/responses";
import type { ItemProps } from "../view.ts";

export function ShortAnswer({ item, response, onChange, disabled, labelId }: ItemProps) {
  return (
    <div className="field">
      <label htmlFor={`answer-${item.id}`}>Your answer</label>
      <input
        id={`answer-${item.id}`}
        type="text"
        aria-describedby={labelId}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={MAX_TEXT_LENGTH}
        value={response?.text ?? ""}
        disabled={disabled}
        onChange={(e) => onChange({ text: e.target.value })}
      />
    </div>
  );
}
