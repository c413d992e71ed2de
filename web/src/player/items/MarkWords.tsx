import { type ItemProps, markTokens } from "../view.ts";

export function MarkWords({ item, response, onChange, disabled, labelId }: ItemProps) {
  const tokens = markTokens(item);
  const marked = new Set(response?.marked ?? []);
  const toggle = (i: number) => {
    const next = new Set(marked);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    onChange({ marked: [...next].sort((a, b) => a - b) });
  };
  return (
    <fieldset className="plain-fieldset" aria-labelledby={labelId}>
      <p className="hint">Select the words to mark; select again to unmark. {marked.size} marked.</p>
      <ul className="marks">
        {tokens.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: tokens are positional and may repeat
          <li key={i}>
            <button type="button" aria-pressed={marked.has(i)} disabled={disabled} onClick={() => toggle(i)}>
              {t}
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
