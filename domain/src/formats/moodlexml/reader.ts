/**
 * Moodle XML → one exercise (as a GIFT file becomes one). Every `<question>` is read by its type's mapping;
 * `<category>` questions set the following items' category (without Moodle's `$course$/` and `top/` prefixes).
 * Errors name the line of the question; nothing is imported if one fails.
 */
import type { Exercise } from "../../content/schema.ts";
import { type FormatIssue, finishExercise, type ItemInput, pushIssue } from "../errors.ts";
import type { ImportedMedia } from "../qti/item-reader.ts";
import type { ImportWarning, ReadResult } from "../qti/package-reader.ts";
import { child, elements, parseXml, textOf, type XElement, XmlError } from "../xml/tree.ts";
import { defaultName, type Format, formatIn, isTrue, type Reader, textIn } from "./common.ts";
import { readMultichoice, readTruefalse } from "./items/choice.ts";
import { readDescription } from "./items/description.ts";
import { readEssay } from "./items/essay.ts";
import { readChoiceGaps, readCloze } from "./items/gaps.ts";
import { readMatch } from "./items/matching.ts";
import { readOrdering } from "./items/ordering.ts";
import { readNumerical, readShortanswer } from "./items/typed.ts";
import { filesOf, readMedia } from "./media.ts";

const READERS: Record<string, Reader> = {
  multichoice: readMultichoice,
  truefalse: readTruefalse,
  shortanswer: readShortanswer,
  numerical: readNumerical,
  match: readMatch,
  matching: readMatch,
  essay: readEssay,
  gapselect: readChoiceGaps("dropdown"),
  ddwtos: readChoiceGaps("word_bank"),
  ordering: readOrdering,
  description: readDescription,
  cloze: readCloze,
  multianswer: readCloze,
};

export function categoryOf(path: string): string | undefined {
  const c = path
    .trim()
    .replace(/^\$(course|system|module|cat\d*)\$\/?/, "")
    .replace(/^top(\/|$)/, "")
    .replace(/\/+$/, "");
  return c || undefined;
}

const IGNORED_FEEDBACK = ["correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"];

/** `media`: the files the importer stored, by `<question position>/<file name>` (media.ts, `filesOf`). */
export function readMoodleXml(
  text: string,
  fallbackTitle: string,
  media: Map<string, ImportedMedia> = new Map(),
): ReadResult {
  const issues: FormatIssue[] = [];
  const warnings: ImportWarning[] = [];
  let root: XElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlError) throw new FormatErrorOf([err.issue]);
    throw err;
  }
  if (root.name !== "quiz") {
    throw new FormatErrorOf([
      { line: root.line ?? 1, message: `expected a Moodle XML <quiz> element, found <${root.name}>` },
    ]);
  }
  const items: ItemInput[] = [];
  const lines: number[] = [];
  let category: string | undefined;
  for (const [position, q] of elements(root, "question").entries()) {
    const type = q.attrs.type ?? "";
    const line = q.line ?? 1;
    if (type === "category") {
      category = categoryOf(textIn(q, "category"));
      continue;
    }
    const reader = READERS[type];
    if (!reader) {
      pushIssue(issues, {
        line,
        message: `question type "${type}" is not supported (supported: ${Object.keys(READERS).join(", ")})`,
      });
      continue;
    }
    const itemWarnings: string[] = [];
    const promptFormat: Format = formatIn(q, "questiontext");
    const files = filesOf(child(q, "questiontext"), position);
    const taken = readMedia(textIn(q, "questiontext"), promptFormat, files, media, itemWarnings);
    const prompt = taken.text;
    const fields = reader(q, { prompt, promptFormat }, itemWarnings);
    const name = textIn(q, "name").trim();
    const id = textOf(child(q, "idnumber")).trim();
    const grade = Number(textOf(child(q, "defaultgrade")).trim());
    const generalFeedback = textIn(q, "generalfeedback");
    const tags = elements(child(q, "tags") ?? { name: "", attrs: {}, children: [] }, "tag")
      .map((t) => textIn(t).trim().toLowerCase())
      .filter(Boolean);
    if (IGNORED_FEEDBACK.some((f) => textIn(q, f).trim()))
      itemWarnings.push("the combined feedback (correct, partly correct, incorrect) is not imported");
    if (elements(q, "hint").some((h) => textIn(h).trim())) itemWarnings.push("hints are not imported");
    if (descendantsNamed(q, "file").length > files.length)
      itemWarnings.push("files embedded outside the question text (answers, feedback) are not imported");
    if (child(q, "hidden") && isTrue(textOf(child(q, "hidden"))))
      itemWarnings.push("the question was hidden in Moodle");
    const item = {
      prompt,
      promptFormat,
      ...fields,
      ...(id && /^[A-Za-z0-9_.-]{1,64}$/.test(id) ? { id } : {}),
      ...(generalFeedback.trim() ? { generalFeedback } : {}),
      ...(category ? { category } : {}),
      ...(tags.length ? { tags } : {}),
      ...(taken.media.length ? { media: taken.media } : {}),
      ...(Number.isFinite(grade) && grade >= 0 && type !== "description" ? { points: grade } : {}),
    } as ItemInput & { prompt: string };
    const derived = defaultName({ ...(item as object), prompt: item.prompt } as never, items.length);
    if (name && name !== derived) (item as { title?: string }).title = name.slice(0, 255);
    items.push(item);
    lines.push(line);
    for (const message of itemWarnings) warnings.push({ item: items.length, message: `line ${line}: ${message}` });
  }
  const exercise: Exercise = finishExercise({ items, lines, issues }, fallbackTitle);
  return { exercise, warnings };
}

function descendantsNamed(node: XElement, name: string): XElement[] {
  const out: XElement[] = [];
  for (const c of elements(node)) {
    if (c.name === name) out.push(c);
    out.push(...descendantsNamed(c, name));
  }
  return out;
}

import { FormatError as FormatErrorOf } from "../errors.ts";
