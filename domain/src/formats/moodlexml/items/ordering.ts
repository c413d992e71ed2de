/**
 * ordering ↔ Moodle's ordering question (core since Moodle 4.4): the answers in their right order (the fraction
 * attribute holds the position); words go side by side (HORIZONTAL), sentences one under another (VERTICAL).
 */
import type { Item } from "../../../content/schema.ts";
import { child, el, textOf } from "../../xml/tree.ts";
import { answersOf, type MoodleMapping, type Reader, textEl } from "../common.ts";

type Ordering = Item & { type: "ordering" };

export const ordering: MoodleMapping<Ordering> = {
  write(item) {
    const warnings = ["Moodle grades by its own rule (absolute position) rather than by units kept in order"];
    if (item.alternatives?.length) warnings.push("the other right orders (alternatives) are lost");
    return {
      moodleType: "ordering",
      warnings,
      fields: [
        el("layouttype", {}, item.unit === "word" ? "HORIZONTAL" : "VERTICAL"),
        el("selecttype", {}, "ALL"),
        el("selectcount", {}, "0"),
        el("gradingtype", {}, "ABSOLUTE_POSITION"),
        el("showgrading", {}, "SHOW"),
        el("numberingstyle", {}, "none"),
        ...item.sequence.map((u, i) => el("answer", { fraction: String(i + 1), format: "plain_text" }, textEl(u))),
      ],
    };
  },
};

export const readOrdering: Reader = (q) => {
  const answers = answersOf(q).map((a, i) => ({ text: a.text.trim(), pos: Number(a.node.attrs.fraction ?? i + 1), i }));
  answers.sort((a, b) => a.pos - b.pos || a.i - b.i);
  const layout = child(q, "layouttype");
  return {
    type: "ordering",
    unit: layout && textOf(layout).trim().toUpperCase() === "HORIZONTAL" ? "word" : "sentence",
    sequence: answers.map((a) => a.text),
  };
};
