/** essay: free writing, graded by the teacher (optionally with a rubric). */
import { normalizeResponseText } from "../../grading/normalize.ts";
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { qti } from "./qti.ts";

export const essay: ItemModule<"essay"> = {
  type: "essay",
  grade: () => "teacher",
  studentView: (item, base) => ({
    ...base,
    ...(item.minWords !== undefined ? { minWords: item.minWords } : {}),
    ...(item.maxWords !== undefined ? { maxWords: item.maxWords } : {}),
    // The criteria tell the student what counts; they reveal no answer.
    ...(item.rubric ? { rubric: item.rubric } : {}),
  }),
  responseProblem: (_item, r) => (only(r, "text") ? null : "expected {text: string}"),
  normalizedText: (_item, r) => (r.text?.trim() ? normalizeResponseText(r.text.slice(0, 2000)) : null),
  statistics: null,
  qti,
  gift,
};
