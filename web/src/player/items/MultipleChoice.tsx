import { choiceOptions, type ItemProps, isMultiple } from "../view.ts";

export function MultipleChoice({ item, response, onChange, disabled, labelId }: ItemProps) {
  const options = choiceOptions(item);
  const multiple = isMultiple(item);
  const selected = response?.selected ?? [];
  const toggle = (id: string, checked: boolean) => {
    if (!multiple) onChange({ selected: [id] });
    else onChange({ selected: checked ? [...selected.filter((s) => s !== id), id] : selected.filter((s) => s !== id) });
  };
  return (
    <fieldset className="plain-fieldset" aria-labelledby={labelId}>
      {multiple ? <p className="hint">Choose all that apply.</p> : null}
      <ul className="choice-list">
        {options.map((o) => (
          <li key={o.id}>
            <label>
              <input
                type={multiple ? "checkbox" : "radio"}
                name={`item-${item.id}`}
                value={o.id}
                checked={selected.includes(o.id)}
                disabled={disabled}
                onChange={(e) => toggle(o.id, e.target.checked)}
              />
              <span>{o.text}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
