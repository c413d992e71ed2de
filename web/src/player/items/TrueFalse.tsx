import type { ItemProps } from "../view.ts";

export function TrueFalse({ item, response, onChange, disabled, labelId }: ItemProps) {
  const value = typeof response?.value === "boolean" ? response.value : undefined;
  return (
    <fieldset className="plain-fieldset" aria-labelledby={labelId}>
      <ul className="choice-list">
        {[true, false].map((v) => (
          <li key={String(v)}>
            <label>
              <input
                type="radio"
                name={`item-${item.id}`}
                value={String(v)}
                checked={value === v}
                disabled={disabled}
                onChange={() => onChange({ value: v })}
              />
              <span>{v ? "True" : "False"}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
