import { countWords, essayLimits, type ItemProps } from "../view.ts";

export function Essay({ item, response, onChange, disabled, labelId }: ItemProps) {
  const { minWords, maxWords } = essayLimits(item);
  const text = response?.text ?? "";
  const words = countWords(text);
  const limits = [
    minWords !== undefined ? `at least ${minWords}` : "",
    maxWords !== undefined ? `at most ${maxWords}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const over = maxWords !== undefined && words > maxWords;
  return (
    <div className="field">
      <label htmlFor={`answer-${item.id}`}>Your text</label>
      <textarea
        id={`answer-${item.id}`}
        rows={10}
        aria-describedby={`${labelId} count-${item.id}`}
        value={text}
        disabled={disabled}
        onChange={(e) => onChange({ text: e.target.value })}
      />
      <span id={`count-${item.id}`} className={over ? "field-error" : "hint"} aria-live="polite">
        {words} {words === 1 ? "word" : "words"}
        {limits ? ` (${limits} words)` : ""}
      </span>
    </div>
  );
}
