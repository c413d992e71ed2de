/** mark_words: the student marks the `*words*` of a text (a wrong mark cancels a right one). */

import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeMarkWords } from "./grade.ts";
import { qti } from "./qti.ts";
import { markWordsParts, markWordsTokens } from "./schema.ts";

export const markWords: ItemModule<"mark_words"> = {
  type: "mark_words",
  grade: gradeMarkWords,
  studentView(item, base) {
    // The teacher's instruction stays the prompt; only the text after it becomes tokens.
    const tokens = markWordsTokens(item.prompt).map((t) => t.text);
    return { ...base, prompt: markWordsParts(item.prompt).instruction, tokens };
  },
  responseProblem(item, r) {
    if (!only(r, "marked")) return "expected {marked: [wordIndex, …]}";
    const count = markWordsTokens(item.prompt).length;
    if (r.marked!.some((i) => i >= count)) return "marked a word past the end of the text";
    return new Set(r.marked).size === r.marked!.length ? null : "marked a word twice";
  },
  normalizedText: (_item, r) => (r.marked?.length ? [...r.marked].sort((a, b) => a - b).join(",") : null),
  statistics: null,
  qti,
  gift,
};
