import { MAX_TEXT_LENGTH } from "@languagecloud/domain/content/responses";
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
  const full = text.length >= MAX_TEXT_LENGTH;
  return (
    <div className="field">
      <label htmlFor={`answer-${item.id}`}>Your text</label>
      <textarea
        id={`answer-${item.id}`}
        rows={10}
        aria-describedby={`${labelId} count-${item.id}${full ? ` limit-${item.id}` : ""}`}
        maxLength={MAX_TEXT_LENGTH}
        value={text}
        disabled={disabled}
        // A pasted text beyond the limit is cut there: the server would refuse the whole answer.
        onChange={(e) => onChange({ text: e.target.value.slice(0, MAX_TEXT_LENGTH) })}
      />
      <span id={`count-${item.id}`} className={over ? "field-error" : "hint"} aria-live="polite">
        {words} {words === 1 ? "word" : "words"}
        {limits ? ` (${limits} words)` : ""}
      </span>
      {full ? (
        <span id={`limit-${item.id}`} className="field-error" role="alert">
          Your text reached the limit of {MAX_TEXT_LENGTH.toLocaleString("en")} characters; the rest was not kept.
          Shorten it to add more.
        </span>
      ) : null}
    </div>
  );
}
