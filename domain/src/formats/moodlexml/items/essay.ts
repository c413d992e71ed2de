/** essay ↔ essay: word limits as minwordlimit / maxwordlimit, the rubric in the grader information. */
import type { Item } from "../../../content/schema.ts";
import { child, el, textOf } from "../../xml/tree.ts";
import { type MoodleMapping, type Reader, textEl, textIn } from "../common.ts";

type Essay = Item & { type: "essay" };

const RUBRIC_LINE = /^- (.+): ([0-9]+(?:\.[0-9]+)?) points?$/;

export const essay: MoodleMapping<Essay> = {
  write(item) {
    const rubric = (item.rubric ?? [])
      .map((r) => `- ${r.criterion.replace(/\s+/g, " ")}: ${r.points} point${r.points === 1 ? "" : "s"}`)
      .join("\n");
    return {
      moodleType: "essay",
      warnings: item.rubric?.length
        ? ["the rubric becomes the grader information text (Moodle grades essays by hand, without criteria)"]
        : [],
      fields: [
        el("responseformat", {}, "editor"),
        el("responserequired", {}, "1"),
        el("responsefieldlines", {}, "15"),
        el("minwordlimit", {}, item.minWords === undefined ? "" : String(item.minWords)),
        el("maxwordlimit", {}, item.maxWords === undefined ? "" : String(item.maxWords)),
        el("attachments", {}, "0"),
        el("attachmentsrequired", {}, "0"),
        el("graderinfo", { format: "plain_text" }, textEl(rubric)),
        el("responsetemplate", { format: "plain_text" }, textEl("")),
      ],
    };
  },
};

export const readEssay: Reader = (q, _base, warnings) => {
  const int = (name: string) => {
    const n = child(q, name);
    const v = n ? Number.parseInt(textOf(n).trim(), 10) : Number.NaN;
    return Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const minWords = int("minwordlimit");
  const maxWords = int("maxwordlimit");
  const info = textIn(q, "graderinfo").trim();
  const lines = info ? info.split("\n").map((l) => l.trim()) : [];
  const rubric = lines.every((l) => RUBRIC_LINE.test(l))
    ? lines.map((l) => {
        const m = RUBRIC_LINE.exec(l) as RegExpExecArray;
        return { criterion: m[1] as string, points: Number(m[2]) };
      })
    : [];
  if (info && !rubric.length) warnings.push("the grader information is not imported");
  return {
    type: "essay",
    ...(minWords !== undefined ? { minWords } : {}),
    ...(maxWords !== undefined ? { maxWords } : {}),
    ...(rubric.length ? { rubric } : {}),
  };
};
