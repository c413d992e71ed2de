import { useState } from "react";
import { type ItemProps, orderingUnits } from "../view.ts";

/** Put the units in order with Move up / Move down buttons (no drag-only interaction). */
export function Ordering({ item, response, onChange, disabled, labelId }: ItemProps) {
  const { unit, units } = orderingUnits(item);
  const sequence = response?.sequence?.length ? response.sequence : units;
  const [announce, setAnnounce] = useState("");

  const move = (from: number, to: number) => {
    if (to < 0 || to >= sequence.length) return;
    const next = [...sequence];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved as string);
    onChange({ sequence: next });
    setAnnounce(`"${moved}" moved to position ${to + 1} of ${next.length}.`);
    // keep focus on the same control of the moved unit
    requestAnimationFrame(() => {
      const dir = to < from ? "up" : "down";
      const el = document.getElementById(`ord-${item.id}-${to}-${dir}`) as HTMLButtonElement | null;
      const fallback = document.getElementById(`ord-${item.id}-${to}-${dir === "up" ? "down" : "up"}`);
      (el && !el.disabled ? el : fallback)?.focus();
    });
  };

  return (
    <fieldset className="plain-fieldset" aria-labelledby={labelId}>
      <p className="hint">
        Put the {unit === "sentence" ? "sentences" : "words"} in the right order with the Move up and Move down buttons.
      </p>
      <ol className="order-list">
        {sequence.map((u, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: units may repeat; the position is the identity
          <li key={`${i}-${u}`}>
            <span className="unit">
              <span className="visually-hidden">Position {i + 1}: </span>
              {u}
            </span>
            <button
              type="button"
              className="small"
              id={`ord-${item.id}-${i}-up`}
              aria-label={`Move "${u}" up`}
              disabled={disabled || i === 0}
              onClick={() => move(i, i - 1)}
            >
              ↑ Up
            </button>
            <button
              type="button"
              className="small"
              id={`ord-${item.id}-${i}-down`}
              aria-label={`Move "${u}" down`}
              disabled={disabled || i === sequence.length - 1}
              onClick={() => move(i, i + 1)}
            >
              ↓ Down
            </button>
          </li>
        ))}
      </ol>
      {!response?.sequence?.length ? (
        <button type="button" className="small" disabled={disabled} onClick={() => onChange({ sequence: [...units] })}>
          Keep this order as my answer
        </button>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
    </fieldset>
  );
}
