/** Grading of a true_false item (grading.md). */
import type { Response } from "../../content/responses.ts";
import { blankError, type Graded, wrongOption } from "../../grading/parts.ts";
import type { TrueFalseItem } from "./schema.ts";

export function gradeTrueFalse(item: TrueFalseItem, response: Response): Graded {
  const expected = String(item.answer);
  if (typeof response.value !== "boolean") {
    const part = { id: "answer", response: null, expected, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(expected), fraction: 0, weight: 1 }], feedback: [] };
  }
  const right = response.value === item.answer;
  const fb = response.value ? item.feedbackTrue : item.feedbackFalse;
  return {
    fraction: right ? 1 : 0,
    parts: [
      {
        id: "answer",
        response: String(response.value),
        expected,
        verdict: right ? "correct" : "incorrect",
        notes: [],
        errors: right ? [] : wrongOption(expected, String(response.value)),
        fraction: right ? 1 : 0,
        weight: 1,
      },
    ],
    feedback: fb ? [fb] : [],
  };
}
