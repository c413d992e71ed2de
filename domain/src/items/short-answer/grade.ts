/** Grading of a short_answer item (grading.md). */
import type { Response } from "../../content/responses.ts";
import type { Graded } from "../../grading/parts.ts";
import { gradeTyped } from "../../grading/typed.ts";
import type { ShortAnswerItem } from "./schema.ts";

export function gradeShortAnswer(item: ShortAnswerItem, response: Response): Graded {
  const o = gradeTyped(response.text, item.answers, item);
  const { fraction, feedback, ...part } = o;
  return {
    fraction,
    parts: [{ id: "answer", ...part, fraction, weight: 1 }],
    feedback: feedback ? [feedback] : [],
  };
}
