/** true_false: a statement the student says is true or false. */
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeTrueFalse } from "./grade.ts";
import { qti } from "./qti.ts";

export const trueFalse: ItemModule<"true_false"> = {
  type: "true_false",
  grade: gradeTrueFalse,
  // The prompt is all there is to show.
  studentView: (_item, base) => base,
  responseProblem: (_item, r) =>
    !only(r, "value") || (r.value !== null && typeof r.value !== "boolean") ? "expected {value: true|false}" : null,
  normalizedText: (_item, r) => (r.value === undefined || r.value === null ? null : String(r.value)),
  statistics: "choice",
  qti,
  gift,
};
