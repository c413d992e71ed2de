/**
 * Errors and validation shared by every reader. An import is all-or-nothing, so readers collect every problem
 * they can find (with a line, and a column when known) and only then throw one FormatError.
 */
import type { z } from "zod";
import {
  type Exercise,
  type ExerciseInput,
  exerciseSchema,
  type Item,
  itemSchema,
  normalizeExercise,
} from "../content/schema.ts";

export interface FormatIssue {
  /** 1-based line in the source text. */
  line: number;
  /** 1-based column, when the reader knows it. */
  column?: number;
  message: string;
}

/** Beyond this many problems the file is almost certainly not in the chosen format; more lines would only bury the first ones. */
export const MAX_ISSUES = 100;

export class FormatError extends Error {
  readonly errors: FormatIssue[];
  constructor(errors: FormatIssue[]) {
    const sorted = [...errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    const head = sorted
      .slice(0, 5)
      .map((e) => `line ${e.line}${e.column ? `:${e.column}` : ""}: ${e.message}`)
      .join("; ");
    super(sorted.length > 5 ? `${head}; and ${sorted.length - 5} more` : head);
    this.name = "FormatError";
    this.errors = sorted;
  }
}

export type ItemInput = NonNullable<ExerciseInput["items"]>[number];

/** What a format-specific parser hands over: items in file order, each with the line it starts on. */
export interface ParsedItems {
  items: ItemInput[];
  lines: number[];
  issues: FormatIssue[];
  /** Exercise-level fields some formats carry (CSV's level and skills). */
  exercise?: Partial<ExerciseInput>;
}

export function pushIssue(issues: FormatIssue[], issue: FormatIssue): void {
  if (issues.length < MAX_ISSUES) issues.push(issue);
}

/**
 * Binary or wrongly-encoded input would otherwise read as a pile of GIFT descriptions or CSV rows, so refuse it
 * up front and point at the first suspicious character.
 */
export function checkText(text: string): FormatIssue | undefined {
  // NUL and the other C0 controls (but tab, line ends, form feed and escape) never occur in text files;
  // U+FFFD is what a failed UTF-8 decode leaves behind.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) || c === 0xfffd) {
      const { line, column } = positionOf(text, i);
      return { line, column, message: "this is not a UTF-8 text file (binary or wrongly encoded content)" };
    }
  }
  return undefined;
}

/** 1-based line and column of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Strips a byte-order mark and unifies line ends, so line numbers agree with editors on every platform. */
export function normalizeNewlines(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;
}

function describePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function issueText(issue: z.core.$ZodIssue, skip: number): string {
  const where = describePath(issue.path.slice(skip));
  return where ? `${where}: ${issue.message}` : issue.message;
}

/**
 * Validates each item on its own, adding its issues on its line. For item lists beyond one exercise's limit
 * (the benchmark); readers go through finishExercise, which validates everything in one pass.
 */
export function validateItems(parsed: ParsedItems): Item[] {
  const out: Item[] = [];
  parsed.items.forEach((input, i) => {
    const res = itemSchema.safeParse(input);
    if (res.success) {
      out.push(res.data);
      return;
    }
    const type = (input as { type?: unknown }).type;
    for (const issue of res.error.issues) {
      pushIssue(parsed.issues, {
        line: parsed.lines[i] ?? 1,
        message: `${typeof type === "string" ? `${type}: ` : ""}${issueText(issue, 0)}`,
      });
    }
  });
  return out;
}

/**
 * Turns parsed items into a normalized exercise or throws every problem found. `lineOfPath` lets the JSON reader
 * place exercise-level errors precisely; the line formats put them on the first line.
 */
export const NO_ITEMS = "no items: the file holds no question to import";

export function finishExercise(
  parsed: ParsedItems,
  title: string,
  lineOfPath: (path: readonly PropertyKey[]) => { line: number; column?: number } = () => ({ line: 1 }),
): Exercise {
  if (parsed.issues.length) throw new FormatError(parsed.issues);
  // An import makes an exercise to assign: a file with nothing to answer is a mistake (a wrong file, a wrong
  // format), not an empty draft.
  const empty = parsed.items.length ? [] : [{ ...lineOfPath(["items"]), message: NO_ITEMS }];
  // One pass of the exercise schema validates the items too; an item's issues carry its index, hence its line.
  const res = exerciseSchema.safeParse({ title, ...parsed.exercise, items: parsed.items });
  if (res.success) {
    if (empty.length) throw new FormatError(empty);
    return normalizeExercise(res.data);
  }
  for (const issue of res.error.issues) {
    const [head, index] = issue.path;
    const itemLine = head === "items" && typeof index === "number" ? parsed.lines[index] : undefined;
    if (itemLine === undefined) {
      pushIssue(parsed.issues, { ...lineOfPath(issue.path), message: issueText(issue, 0) });
      continue;
    }
    const type = (parsed.items[index as number] as { type?: unknown } | undefined)?.type;
    pushIssue(parsed.issues, {
      line: itemLine,
      message: `${typeof type === "string" ? `${type}: ` : ""}${issueText(issue, 2)}`,
    });
  }
  for (const issue of empty) pushIssue(parsed.issues, issue);
  throw new FormatError(parsed.issues);
}
