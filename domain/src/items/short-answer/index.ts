/** short_answer: a typed answer compared with the accepted ones (typos, spelling variants: grading.md). */
import { normalizeResponseText } from "../../grading/normalize.ts";
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeShortAnswer } from "./grade.ts";
import { qti } from "./qti.ts";

export const shortAnswer: ItemModule<"short_answer"> = {
  type: "short_answer",
  grade: gradeShortAnswer,
  studentView: (_item, base) => base,
  responseProblem: (_item, r) => (only(r, "text") ? null : "expected {text: string}"),
  normalizedText: (item, r) =>
    r.text?.trim() ? normalizeResponseText(r.text, { caseSensitive: item.caseSensitive }) : null,
  statistics: "typed",
  qti,
  gift,
};
