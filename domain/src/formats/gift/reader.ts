/**
 * GIFT → items. Each blank-line-separated block is one question: `::name::`, an optional format marker, the
 * text, and at most one answer block. A block in mid-sentence is Moodle's missing-word form.
 */
import type { Exercise } from "../../content/schema.ts";
import {
  type FormatIssue,
  finishExercise,
  type ItemInput,
  normalizeNewlines,
  type ParsedItems,
  pushIssue,
} from "../errors.ts";
import { type AnswerBlock, parseAnswerBlock } from "./answers.ts";
import { blockPosition, type GiftBlock, indexOfUnescaped, splitBlocks, unescapeGift } from "./lexer.ts";

const FORMAT = /^\[(html|markdown|plain|moodle)\]/i;
/** What a non-gap item shows where a mid-sentence answer block stood (Moodle's rendering of missing words). */
export const BLANK = "_____";

/** Parses GIFT into items with their lines, without exercise-level validation (the benchmark and readGift use it). */
export function parseGiftItems(text: string): ParsedItems {
  const parsed: ParsedItems = { items: [], lines: [], issues: [] };
  let category: string | undefined;
  for (const block of splitBlocks(normalizeNewlines(text))) {
    if (block.category !== undefined) category = block.category || undefined;
    if (block.lineNos.length === 0) continue;
    const item = readQuestion(block, parsed.issues);
    if (!item) continue;
    if (category !== undefined) item.category = category;
    readCommentTags(block, item);
    parsed.items.push(item);
    parsed.lines.push(block.lineNos[0] as number);
  }
  if (parsed.items.length === 0 && parsed.issues.length === 0) {
    // Moodle accepts a file that only sets a category (it makes the category and imports nothing); an import here
    // makes an exercise, so say exactly that instead of a generic "no question".
    const message =
      category !== undefined
        ? `only a category ("${category}") and no question: add the questions after the $CATEGORY line`
        : "no question found: expected GIFT questions separated by blank lines";
    parsed.issues.push({ line: 1, message });
  }
  return parsed;
}

export function readGift(text: string, title: string): Exercise {
  return finishExercise(parseGiftItems(text), title);
}

/** Moodle writes an item's idnumber and tags in a comment: `// [id:q7] [tag:verbs]`. */
function readCommentTags(block: GiftBlock, item: ItemInput): void {
  const tags: string[] = [];
  for (const c of block.comments) {
    if (!c.includes("[")) continue;
    for (const m of c.matchAll(/\[(id|tag):([^\]]+)\]/g)) {
      const value = (m[2] as string).trim();
      if (m[1] === "id") item.id = value;
      else if (value) tags.push(value);
    }
  }
  if (tags.length) item.tags = tags;
}

function readQuestion(block: GiftBlock, issues: FormatIssue[]): ItemInput | undefined {
  const s = block.text;
  let bad = false;
  const report = (offset: number, message: string) => {
    bad = true;
    pushIssue(issues, { ...blockPosition(block, offset), message });
  };
  let pos = s.search(/\S/);
  let title: string | undefined;
  if (s.startsWith("::", pos)) {
    const end = indexOfUnescaped(s, "::", pos + 2);
    if (end === -1) {
      report(
        pos,
        'the name opened with "::" is not closed: expected "::" after the name (write \\: for a literal colon)',
      );
      return undefined;
    }
    title = unescapeGift(s.slice(pos + 2, end).trim()) || undefined;
    pos = end + 2;
    while (pos < s.length && /\s/.test(s[pos] as string)) pos++;
  }
  let promptFormat: "plain" | "markdown" | "html" = "plain";
  const marker = FORMAT.exec(s.slice(pos, pos + 12));
  if (marker) {
    const f = (marker[1] as string).toLowerCase();
    promptFormat = f === "html" || f === "markdown" ? f : "plain";
    pos += marker[0].length;
  }

  const open = indexOfUnescaped(s, "{", pos);
  const stray = indexOfUnescaped(s, "}", pos, open === -1 ? s.length : open);
  if (stray !== -1) report(stray, 'unexpected "}" with no "{" before it (write \\} for a literal brace)');
  const base: Base = {};
  if (title !== undefined) base.title = title;
  if (promptFormat !== "plain") base.promptFormat = promptFormat;
  if (open === -1) {
    if (bad) return undefined;
    return { ...base, type: "description", prompt: unescapeGift(s.slice(pos).trim()) };
  }
  const close = indexOfUnescaped(s, "}", open + 1);
  if (close === -1) {
    report(open, 'this "{" is never closed: expected "}" before the next blank line or the end of the file');
    return undefined;
  }
  const nested = indexOfUnescaped(s, "{", open + 1, close);
  if (nested !== -1) report(nested, 'unexpected "{" inside an answer block (write \\{ for a literal brace)');
  const again = indexOfUnescaped(s, "{", close + 1);
  if (again !== -1)
    report(again, 'a question has one answer block; expected no second "{" (write \\{ for a literal brace)');
  const strayAfter = indexOfUnescaped(s, "}", close + 1);
  if (strayAfter !== -1 && (again === -1 || strayAfter < again))
    report(strayAfter, 'unexpected "}" (write \\} for a literal brace)');

  const answers = parseAnswerBlock(s, open + 1, close, report);
  if (bad) return undefined;
  const before = unescapeGift(s.slice(pos, open));
  const after = unescapeGift(s.slice(close + 1));
  return buildItem(base, answers, before, after);
}

type Base = { title?: string; promptFormat?: "markdown" | "html" };

function buildItem(base: Base, block: AnswerBlock, before: string, after: string): ItemInput {
  const midSentence = after.trim() !== "";
  // Built by assignment rather than spreads: this runs once per question and dominates large imports.
  const item: Record<string, unknown> = {
    type: "",
    prompt: (midSentence ? `${before}${BLANK}${after}` : before).trim(),
  };
  if (base.title !== undefined) item.title = base.title;
  if (base.promptFormat !== undefined) item.promptFormat = base.promptFormat;
  if (block.generalFeedback !== undefined) item.generalFeedback = block.generalFeedback;
  switch (block.kind) {
    case "essay":
      item.type = "essay";
      break;
    case "true_false": {
      // Whoever answered True sees the "right" feedback when the statement is true, the "wrong" one otherwise.
      const feedbackTrue = block.answer ? block.right : block.wrong;
      const feedbackFalse = block.answer ? block.wrong : block.right;
      item.type = "true_false";
      item.answer = block.answer;
      if (feedbackTrue !== undefined) item.feedbackTrue = feedbackTrue;
      if (feedbackFalse !== undefined) item.feedbackFalse = feedbackFalse;
      break;
    }
    case "numerical":
      item.type = "numerical";
      item.answers = block.answers;
      break;
    case "matching":
      item.type = "matching";
      item.pairs = block.pairs;
      if (block.distractors.length) item.distractors = block.distractors;
      break;
    case "short":
      if (midSentence) {
        item.type = "gap_fill";
        item.prompt = gapPrompt(before, after);
        item.mode = "typed";
        item.gaps = [{ id: "g1", answers: block.answers }];
      } else {
        item.type = "short_answer";
        item.answers = block.answers;
      }
      break;
    case "choice":
      if (midSentence) {
        // A dropdown gap lists every choice; its answers keep only what grading or feedback needs.
        const answers = block.options.filter((o) => o.fraction !== 0 || o.feedback !== undefined);
        item.type = "gap_fill";
        item.prompt = gapPrompt(before, after);
        item.mode = "dropdown";
        item.gaps = [{ id: "g1", answers, options: block.options.map((o) => o.text) }];
      } else {
        item.type = "multiple_choice";
        item.multiple = !block.hasRight;
        item.options = block.options;
      }
      break;
  }
  return item as ItemInput;
}

function gapPrompt(before: string, after: string): string {
  return `${before}[[g1]]${after}`.trim();
}
