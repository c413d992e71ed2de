import { parseNumberAnswer } from "@languagecloud/domain/content/responses";
import { useState } from "react";
import type { ItemProps } from "../view.ts";

/** Accepts "12.5", "12,5" and "-3"; anything else is no number (null). The server parses the same way. */
export const parseNumber = parseNumberAnswer;

export function Numerical({ item, response, onChange, disabled, labelId }: ItemProps) {
  const initial =
    typeof response?.value === "number"
      ? String(response.value)
      : typeof response?.text === "string"
        ? response.text
        : "";
  const [raw, setRaw] = useState(initial);
  const invalid = raw.trim() !== "" && parseNumber(raw) === null;
  return (
    <div className="field">
      <label htmlFor={`answer-${item.id}`}>Your answer (a number)</label>
      <input
        id={`answer-${item.id}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        aria-describedby={`${labelId}${invalid ? ` answer-${item.id}-error` : ""}`}
        aria-invalid={invalid || undefined}
        value={raw}
        disabled={disabled}
        onChange={(e) => {
          setRaw(e.target.value);
          const raw = e.target.value;
          const value = parseNumber(raw);
          // Not a number: kept as written (the student sees it again, and it is graded not_a_number), not dropped.
          onChange(value === null && raw.trim() ? { text: raw } : { value });
        }}
      />
      {invalid ? (
        <span className="field-error" id={`answer-${item.id}-error`} role="alert">
          This is not a number, so it will be marked wrong. Type a number, such as 12 or 12.5.
        </span>
      ) : null}
    </div>
  );
}
