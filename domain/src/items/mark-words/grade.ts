/** Grading of a mark_words item (grading.md). */
import type { Response } from "../../content/responses.ts";
import { blankError, type Graded, type RawPart, wrongOption } from "../../grading/parts.ts";
import { type MarkWordsItem, markWordsTokens } from "./schema.ts";

export function gradeMarkWords(item: MarkWordsItem, response: Response): Graded {
  const tokens = markWordsTokens(item.prompt);
  const targets = tokens.filter((t) => t.target).length;
  const marked = [...new Set(response.marked ?? [])].sort((a, b) => a - b);
  if (!marked.length) {
    const part = { id: "marked", response: null, expected: null, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(null), fraction: 0, weight: 1 }], feedback: [] };
  }
  let right = 0;
  let wrong = 0;
  const parts: RawPart[] = marked.map((index) => {
    const tok = tokens[index];
    const ok = !!tok?.target;
    if (ok) right++;
    else wrong++;
    const text = tok?.text ?? null;
    return {
      id: `w${index}`,
      response: text,
      expected: ok ? text : null,
      verdict: ok ? "correct" : "incorrect",
      notes: [],
      errors: ok ? [] : wrongOption(null, text),
      // A wrong mark cancels a right one, as the score formula says.
      fraction: ok ? 1 : -1,
      weight: 1 / Math.max(1, targets),
    };
  });
  return { fraction: targets ? Math.max(right - wrong, 0) / targets : 0, parts, feedback: [] };
}
