/**
 * Aiken (Moodle's simplest format): a question, lettered options `A.` or `A)`, then `ANSWER: X`. Multiple choice
 * only. Line-based, so a question may run over several lines until its first option.
 */
import type { Exercise } from "../content/schema.ts";
import {
  type FormatIssue,
  finishExercise,
  type ItemInput,
  normalizeNewlines,
  type ParsedItems,
  pushIssue,
} from "./errors.ts";

const OPTION = /^([A-Za-z])[.)]\s+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

interface Pending {
  line: number;
  prompt: string[];
  options: { letter: string; text: string; line: number }[];
}

export function parseAikenItems(text: string): ParsedItems {
  const parsed: ParsedItems = { items: [], lines: [], issues: [] };
  const issue = (i: FormatIssue) => pushIssue(parsed.issues, i);
  let q: Pending | undefined;
  const lines = normalizeNewlines(text).split("\n");
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const t = raw.trim();
    if (t === "") continue;
    const answer = ANSWER.exec(t);
    const option = OPTION.exec(t);
    if (answer) {
      if (q) finish(q, (answer[1] as string).trim(), lineNo, parsed, issue);
      else issue({ line: lineNo, column: 1, message: "ANSWER: without a question before it" });
      q = undefined;
    } else if (q && option) {
      const letter = (option[1] as string).toUpperCase();
      if (q.options.some((o) => o.letter === letter)) {
        issue({ line: lineNo, column: 1, message: `option ${letter} appears twice in this question` });
      }
      q.options.push({ letter, text: (option[2] as string).trim(), line: lineNo });
    } else if (q && q.options.length > 0) {
      issue({
        line: lineNo,
        column: 1,
        message: `expected another option ("E. text") or "ANSWER: X" to end the question started at line ${q.line}`,
      });
    } else if (q) q.prompt.push(t);
    else q = { line: lineNo, prompt: [t], options: [] };
  }
  if (q) {
    issue({ line: q.line, message: 'this question has no "ANSWER: X" line (the file may be truncated)' });
  }
  if (parsed.items.length === 0 && parsed.issues.length === 0) {
    issue({ line: 1, message: 'no question found: expected a question, options "A. text" and "ANSWER: A"' });
  }
  return parsed;
}

function finish(q: Pending, letters: string, line: number, parsed: ParsedItems, issue: (i: FormatIssue) => void): void {
  if (q.options.length < 2) {
    issue({ line: q.line, message: 'expected at least two options such as "A. text" after the question' });
    return;
  }
  // Moodle's Aiken takes one letter; several (`ANSWER: A, C`) are accepted here as a multiple-answer question.
  const right = letters
    .toUpperCase()
    .split(/[\s,;]+/)
    .filter(Boolean);
  const unknown = right.filter((l) => !q.options.some((o) => o.letter === l));
  if (right.length === 0 || unknown.length) {
    const have = q.options.map((o) => o.letter).join(", ");
    issue({ line, column: 1, message: `ANSWER must name one of the options (${have}), found "${letters}"` });
    return;
  }
  const share = 1 / right.length;
  const item: ItemInput = {
    type: "multiple_choice",
    prompt: q.prompt.join("\n"),
    multiple: right.length > 1,
    options: q.options.map((o) => ({ text: o.text, fraction: right.includes(o.letter) ? share : 0 })),
  };
  parsed.items.push(item);
  parsed.lines.push(q.line);
}

export function readAiken(text: string, title: string): Exercise {
  return finishExercise(parseAikenItems(text), title);
}
