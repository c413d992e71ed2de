/** multiple_choice ↔ multichoice; true_false ↔ truefalse (docs.moodle.org, "Moodle XML format"). */
import type { Item } from "../../../content/schema.ts";
import { child, el, textOf, type XElement } from "../../xml/tree.ts";
import { answerEl, answersOf, flag, isMoodleGrade, isTrue, type MoodleMapping, type Reader } from "../common.ts";

type MC = Item & { type: "multiple_choice" };
type TF = Item & { type: "true_false" };

export const multichoice: MoodleMapping<MC> = {
  write(item) {
    const warnings: string[] = [];
    if (item.options.some((o) => !isMoodleGrade(o.fraction)))
      warnings.push("a fraction is not one of Moodle's grades; Moodle rounds it to the nearest");
    return {
      moodleType: "multichoice",
      warnings,
      fields: [
        el("single", {}, String(!item.multiple)),
        el("shuffleanswers", {}, String(item.shuffle)),
        el("answernumbering", {}, "abc"),
        ...item.options.map((o) => answerEl(o.fraction, o.text, o.feedback)),
      ],
    };
  },
};

export const readMultichoice: Reader = (q) => {
  const single = child(q, "single");
  const shuffle = child(q, "shuffleanswers");
  return {
    type: "multiple_choice",
    multiple: single ? !isTrue(textOf(single)) : false,
    shuffle: shuffle ? isTrue(textOf(shuffle)) : true,
    options: answersOf(q).map((a) => ({
      text: a.text,
      fraction: a.fraction,
      ...(a.feedback ? { feedback: a.feedback } : {}),
    })),
  };
};

export const truefalse: MoodleMapping<TF> = {
  write(item) {
    return {
      moodleType: "truefalse",
      warnings: [],
      fields: [
        answerEl(item.answer ? 1 : 0, "true", item.feedbackTrue, [], "moodle_auto_format"),
        answerEl(item.answer ? 0 : 1, "false", item.feedbackFalse, [], "moodle_auto_format"),
      ],
    };
  },
};

export const readTruefalse: Reader = (q, _base, warnings) => {
  const answers = answersOf(q);
  const t = answers.find((a) => a.text.trim().toLowerCase() === "true");
  const f = answers.find((a) => a.text.trim().toLowerCase() === "false");
  if (!t || !f) warnings.push("a true/false question should have a 'true' and a 'false' answer");
  return {
    type: "true_false",
    answer: t ? t.fraction > 0 : !(f && f.fraction > 0),
    ...(t?.feedback ? { feedbackTrue: t.feedback } : {}),
    ...(f?.feedback ? { feedbackFalse: f.feedback } : {}),
  };
};

export const flagOf = flag;
export type { XElement };
