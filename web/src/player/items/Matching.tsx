import { useId } from "react";
import { type ItemProps, matchingView } from "../view.ts";

/** One select per left-hand phrase: works with a keyboard, a screen reader and a finger alike. */
export function Matching({ item, response, onChange, disabled, labelId }: ItemProps) {
  const { lefts, rights } = matchingView(item);
  const matches = response?.matches ?? {};
  const base = useId();
  return (
    <fieldset className="plain-fieldset" aria-labelledby={labelId}>
      {lefts.map((left, i) => {
        const id = `${base}-${i}`;
        return (
          <div className="match-row" key={left}>
            <label htmlFor={id}>{left}</label>
            <select
              id={id}
              value={matches[left] ?? ""}
              disabled={disabled}
              onChange={(e) => {
                const next = { ...matches };
                if (e.target.value) next[left] = e.target.value;
                else delete next[left];
                onChange({ matches: next });
              }}
            >
              <option value="">Choose a match…</option>
              {rights.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
