/** Grading of a multiple_choice item (grading.md). */
import type { Response } from "../../content/responses.ts";
import { blankError, choiceErrors, type Graded, type RawPart, wrongOption } from "../../grading/parts.ts";
import type { MultipleChoiceItem } from "./schema.ts";

export function gradeMultipleChoice(item: MultipleChoiceItem, response: Response): Graded {
  const selected = [...new Set(response.selected ?? [])];
  const options = item.options.map((o, i) => ({ ...o, id: o.id ?? String.fromCharCode(97 + i) }));
  const rightText = options
    .filter((o) => o.fraction > 0)
    .map((o) => o.text)
    .join("; ");
  const top = Math.max(...options.map((o) => o.fraction));
  const tops = options.filter((o) => o.fraction === top);
  // One best option: a wrong choice is compared with it as English (choiceErrors); several: just a wrong choice.
  const bestText = tops.length === 1 && top > 0 ? tops[0]!.text : null;
  if (!selected.length) {
    const part = { id: "selected", response: null, expected: rightText, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(rightText), fraction: 0, weight: 1 }], feedback: [] };
  }
  const parts: RawPart[] = [];
  const feedback: string[] = [];
  const fractions: number[] = [];
  for (const id of selected) {
    const o = options.find((x) => x.id === id);
    const fraction = o?.fraction ?? 0;
    fractions.push(fraction);
    if (o?.feedback) feedback.push(o.feedback);
    const right = fraction > 0;
    parts.push({
      id,
      response: o?.text ?? id,
      expected: right ? o!.text : rightText,
      verdict: right ? "correct" : "incorrect",
      notes: [],
      errors: right ? [] : bestText ? choiceErrors(bestText, o?.text ?? id) : wrongOption(rightText, o?.text ?? id),
      fraction,
      weight: 1,
    });
  }
  // Several choices where only one is allowed cannot earn more than the worst of them: no gaming by ticking all.
  const fraction = item.multiple
    ? Math.min(
        1,
        Math.max(
          0,
          fractions.reduce((s, f) => s + f, 0),
        ),
      )
    : fractions.length === 1
      ? fractions[0]!
      : Math.min(...fractions);
  return { fraction, parts, feedback };
}
