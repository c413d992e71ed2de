/**
 * Exercise → Moodle XML (docs.moodle.org, "Moodle XML format"): a `<quiz>` of questions, with a category question
 * wherever the items' category changes. Items Moodle has no type for (mark_words) are left out and listed, with
 * everything else the file cannot say, in a comment at the top — as the GIFT export does.
 */
import { type Exercise, type Item, itemPoints } from "../../content/schema.ts";
import { el, escapeText, serialize, type XElement } from "../xml/tree.ts";
import { defaultName, holder, type MoodleMapping, moodleFormat, textEl } from "./common.ts";
import { multichoice, truefalse } from "./items/choice.ts";
import { description } from "./items/description.ts";
import { essay } from "./items/essay.ts";
import { gaps } from "./items/gaps.ts";
import { MARK_WORDS_SKIPPED } from "./items/mark-words.ts";
import { match } from "./items/matching.ts";
import { ordering } from "./items/ordering.ts";
import { numerical, shortanswer } from "./items/typed.ts";
import { type MoodleMediaLookup, writeMedia } from "./media.ts";

type Mappings = { [K in Item["type"]]: MoodleMapping<Item & { type: K }> | undefined };

/** Each item type's Moodle mapping (one file per type under items/). */
export const MOODLE_MAPPINGS: Mappings = {
  multiple_choice: multichoice,
  true_false: truefalse,
  short_answer: shortanswer,
  numerical,
  gap_fill: gaps,
  matching: match,
  ordering,
  mark_words: undefined,
  essay,
  description,
};

export interface MoodleWarning {
  itemId?: string;
  message: string;
  skipped?: boolean;
}

export interface WrittenMoodle {
  text: string;
  warnings: MoodleWarning[];
}

/** Moodle keeps categories under the course's top category. */
export const CATEGORY_PREFIX = "$course$/top/";

function question(
  item: Item,
  index: number,
  warnings: MoodleWarning[],
  lookup: MoodleMediaLookup | undefined,
): XElement | undefined {
  const mapping = MOODLE_MAPPINGS[item.type] as MoodleMapping | undefined;
  if (!mapping) {
    warnings.push({ itemId: item.id, message: MARK_WORDS_SKIPPED, skipped: true });
    return undefined;
  }
  const w = mapping.write(item);
  for (const message of w.warnings) warnings.push({ itemId: item.id, message });
  if (item.skills?.length) warnings.push({ itemId: item.id, message: "the item's skills are not exported" });
  const media = writeMedia(item.media ?? [], w.questionText ?? item.prompt, item.promptFormat, lookup);
  for (const message of media.warnings) warnings.push({ itemId: item.id, message });
  const name = item.title ?? defaultName(item, index);
  return el(
    "question",
    { type: w.moodleType },
    holder("name", name),
    el("questiontext", { format: moodleFormat(item.promptFormat) }, textEl(media.text), ...media.files),
    holder("generalfeedback", item.generalFeedback ?? "", "plain"),
    el("defaultgrade", {}, String(itemPoints(item))),
    el("penalty", {}, "0"),
    el("hidden", {}, "0"),
    el("idnumber", {}, item.id ?? ""),
    ...w.fields,
    item.tags?.length ? el("tags", {}, ...item.tags.map((t) => el("tag", {}, textEl(t)))) : undefined,
  );
}

/** `lookup` gives the items' media files (their bytes travel base64 in the question text); without it none do. */
export function toMoodleXml(exercise: Exercise, lookup?: MoodleMediaLookup): WrittenMoodle {
  const warnings: MoodleWarning[] = [];
  if (exercise.level || exercise.skills.length || exercise.tags.length)
    warnings.push({ message: "the exercise's level, skills and tags are not exported" });
  if (exercise.instructions)
    warnings.push({ message: "the instructions are not exported (Moodle questions have no exercise around them)" });
  if (exercise.passage) warnings.push({ message: "the passage is not exported" });
  const questions: XElement[] = [];
  let category: string | undefined;
  exercise.items.forEach((item, index) => {
    const q = question(item, index, warnings, lookup);
    if (!q) return;
    if ((item.category ?? "") !== (category ?? "")) {
      questions.push(
        el(
          "question",
          { type: "category" },
          el("category", {}, textEl(`${CATEGORY_PREFIX}${item.category ?? ""}`.replace(/\/$/, ""))),
        ),
      );
    }
    category = item.category;
    questions.push(q);
  });
  const xml = serialize(el("quiz", {}, ...questions), { indent: true, cdata: (name) => name === "text" });
  const head = warnings.length
    ? `<!--\n  ${escapeText(exercise.title).replace(/--/g, "- -")}\n  Not expressed in Moodle XML (Language Cloud export):\n${warnings
        .map((w) => `  ${w.itemId ?? "exercise"}: ${w.skipped ? "skipped, " : ""}${w.message}`.replace(/--/g, "- -"))
        .join("\n")}\n-->\n`
    : `<!-- ${escapeText(exercise.title).replace(/--/g, "- -")} -->\n`;
  return { text: xml.replace("?>\n", `?>\n${head}`), warnings };
}

export function writeMoodleXml(exercise: Exercise): string {
  return toMoodleXml(exercise).text;
}
