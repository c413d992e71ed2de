/** multiple_choice: one or several options, each worth a fraction of the points. */
import { seededShuffle } from "../../content/shuffle.ts";
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeMultipleChoice } from "./grade.ts";
import { qti } from "./qti.ts";

export const multipleChoice: ItemModule<"multiple_choice"> = {
  type: "multiple_choice",
  grade: gradeMultipleChoice,
  studentView(item, base, { random, shuffle }) {
    const options = item.options.map((o, i) => ({ id: o.id ?? String(i), text: o.text }));
    return {
      ...base,
      multiple: item.multiple,
      options: item.shuffle || shuffle ? seededShuffle(options, random) : options,
    };
  },
  responseProblem(item, r) {
    if (!only(r, "selected")) return "expected {selected: [optionId, …]}";
    const ids = new Set(item.options.map((o) => o.id));
    if (r.selected!.some((id) => !ids.has(id))) return "selected an option this item does not have";
    if (new Set(r.selected).size !== r.selected!.length) return "selected an option twice";
    if (!item.multiple && r.selected!.length > 1) return "this item takes one option";
    return null;
  },
  normalizedText: (_item, r) => (r.selected?.length ? [...r.selected].sort().join(",") : null),
  statistics: "choice",
  qti,
  gift,
};
