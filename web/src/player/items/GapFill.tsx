import { plainText } from "../../components/RichText.tsx";
import { gapFillView, type ItemProps, splitGaps } from "../view.ts";

/** Gaps inline in the text: typed boxes, dropdowns, or (word bank) a choice of the bank's words per gap. */
export function GapFill({ item, response, onChange, disabled, labelId }: ItemProps) {
  const { mode, gaps, bank } = gapFillView(item);
  const values = response?.gaps ?? {};
  const parts = splitGaps(plainText(item.prompt, item.promptFormat));
  const order = parts.filter((p): p is { gap: string } => typeof p !== "string").map((p) => p.gap);
  const set = (id: string, v: string) => onChange({ gaps: { ...values, [id]: v } });
  const used = new Set(Object.values(values).filter(Boolean));

  return (
    <fieldset className="plain-fieldset" aria-labelledby={labelId}>
      {mode === "word_bank" ? (
        <div>
          <p className="hint" id={`bank-${item.id}`}>
            Word bank
          </p>
          <ul className="word-bank" aria-labelledby={`bank-${item.id}`}>
            {bank.map((w) => (
              <li key={w} className={used.has(w) ? "badge used" : "badge"}>
                {used.has(w) ? <s>{w}</s> : w}
                {used.has(w) ? <span className="visually-hidden"> (used)</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="gap-text">
        {parts.map((p, i) => {
          // biome-ignore lint/suspicious/noArrayIndexKey: text runs are positional
          if (typeof p === "string") return <span key={`t${i}`}>{p}</span>;
          const n = order.indexOf(p.gap) + 1;
          const label = `Gap ${n} of ${order.length}`;
          const value = values[p.gap] ?? "";
          if (mode === "typed") {
            return (
              <input
                key={p.gap}
                type="text"
                aria-label={label}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                value={value}
                disabled={disabled}
                onChange={(e) => set(p.gap, e.target.value)}
              />
            );
          }
          const choices = mode === "dropdown" ? (gaps.find((g) => g.id === p.gap)?.options ?? []) : bank;
          return (
            <select
              key={p.gap}
              aria-label={label}
              value={value}
              disabled={disabled}
              onChange={(e) => set(p.gap, e.target.value)}
            >
              <option value="">Choose…</option>
              {choices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          );
        })}
      </p>
    </fieldset>
  );
}
