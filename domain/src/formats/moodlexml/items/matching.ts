/** matching ↔ match: one subquestion per pair; a distractor is a subquestion with empty text. */
import type { Item } from "../../../content/schema.ts";
import { child, el, elements, textOf } from "../../xml/tree.ts";
import { isTrue, type MoodleMapping, type Reader, textEl, textIn } from "../common.ts";

type Matching = Item & { type: "matching" };

export const match: MoodleMapping<Matching> = {
  write(item) {
    const sub = (left: string, right: string) =>
      el("subquestion", { format: "plain_text" }, textEl(left), el("answer", {}, textEl(right)));
    return {
      moodleType: "match",
      warnings: [],
      fields: [
        el("shuffleanswers", {}, "true"),
        ...item.pairs.map((p) => sub(p.left, p.right)),
        ...(item.distractors ?? []).map((d) => sub("", d)),
      ],
    };
  },
};

export const readMatch: Reader = (q) => {
  const pairs: { left: string; right: string }[] = [];
  const distractors: string[] = [];
  for (const s of elements(q, "subquestion")) {
    const left = textIn(s).trim();
    const right = textIn(s, "answer").trim();
    if (!left) distractors.push(right);
    else pairs.push({ left, right });
  }
  void isTrue;
  void child;
  void textOf;
  return { type: "matching", pairs, ...(distractors.length ? { distractors } : {}) };
};
