import { useState } from "react";
import type { ItemProps } from "../view.ts";

/** Accepts "12.5", "12,5" and "-3"; anything else is no number (null). */
export function parseNumber(raw: string): number | null {
  const t = raw.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function Numerical({ item, response, onChange, disabled, labelId }: ItemProps) {
  const initial = typeof response?.value === "number" ? String(response.value) : "";
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
          onChange({ value: parseNumber(e.target.value) });
        }}
      />
      {invalid ? (
        <span className="field-error" id={`answer-${item.id}-error`} role="alert">
          Type a number, such as 12 or 12.5.
        </span>
      ) : null}
    </div>
  );
}
