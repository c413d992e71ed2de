/** numerical: a number within a tolerance of an accepted value. */
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeNumerical } from "./grade.ts";
import { qti } from "./qti.ts";

export const numerical: ItemModule<"numerical"> = {
  type: "numerical",
  grade: gradeNumerical,
  studentView: (_item, base) => base,
  responseProblem(_item, r) {
    // {text} keeps an answer that is not a number as written; it is graded not_a_number (grading.md).
    if (only(r, "text")) return null;
    if (!only(r, "value") || (r.value !== null && typeof r.value !== "number")) return "expected {value: number}";
    return null;
  },
  normalizedText: (_item, r) => (r.value === undefined || r.value === null ? null : String(r.value)),
  statistics: "typed",
  qti,
  gift,
};
