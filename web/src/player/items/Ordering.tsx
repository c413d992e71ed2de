import { type PointerEvent, useRef, useState } from "react";
import { type ItemProps, orderingUnits } from "../view.ts";

/**
 * Put the units in order: drag a unit by its handle (mouse, pen or a finger on a phone: one gesture instead of many
 * "Up" taps), or use the Move up / Move down buttons (keyboard, switch access).
 */
export function Ordering({ item, response, onChange, disabled, labelId }: ItemProps) {
  const { unit, units } = orderingUnits(item);
  const sequence = response?.sequence?.length ? response.sequence : units;
  const [announce, setAnnounce] = useState("");
  const drag = useRef<{ from: number; over: number } | null>(null);
  const [dragging, setDragging] = useState<{ from: number; over: number } | null>(null);

  /** The position under the pointer: the list item there, found by its data-index. */
  const indexAt = (x: number, y: number): number | null => {
    const li = document.elementFromPoint?.(x, y)?.closest?.(`[data-order="${item.id}"]`);
    const n = li ? Number((li as HTMLElement).dataset.index) : Number.NaN;
    return Number.isInteger(n) ? n : null;
  };
  const onPointerDown = (i: number) => (e: PointerEvent<HTMLElement>) => {
    if (disabled) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { from: i, over: i };
    setDragging(drag.current);
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    if (!drag.current) return;
    const over = indexAt(e.clientX, e.clientY);
    if (over !== null && over !== drag.current.over) {
      drag.current = { ...drag.current, over };
      setDragging(drag.current);
    }
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    setDragging(null);
    if (d && d.over !== d.from) move(d.from, d.over);
  };

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
        Put the {unit === "sentence" ? "sentences" : "words"} in the right order: drag them by the handle, or use the
        Move up and Move down buttons.
      </p>
      <ol className="order-list">
        {sequence.map((u, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: units may repeat; the position is the identity
            key={`${i}-${u}`}
            data-order={item.id}
            data-index={i}
            className={dragging?.over === i ? "drop-target" : dragging?.from === i ? "dragged" : undefined}
          >
            <span
              className="drag-handle"
              aria-hidden="true"
              onPointerDown={onPointerDown(i)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={() => {
                drag.current = null;
                setDragging(null);
              }}
            >
              ⠿
            </span>
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
