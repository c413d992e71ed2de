/**
 * JSON in and out: the canonical exercise object. Syntax and schema errors are placed on the line of the
 * offending value, found by a small scanner, since JSON.parse only reports an offset (and not on every runtime).
 */
import type { Exercise } from "../content/schema.ts";
import { FormatError, type FormatIssue, finishExercise, type ItemInput, positionOf } from "./errors.ts";

export function writeJson(exercise: Exercise): string {
  return `${JSON.stringify(exercise, null, 2)}\n`;
}

export function readJson(text: string, title: string): Exercise {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FormatError([syntaxIssue(text, err)]);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new FormatError([{ line: 1, message: "expected a JSON object describing one exercise" }]);
  }
  const obj = data as Record<string, unknown>;
  const items = Array.isArray(obj.items) ? (obj.items as ItemInput[]) : [];
  const { items: _items, ...rest } = obj;
  const locate = (path: readonly PropertyKey[]) => positionOf(text, locatePath(text, path));
  return finishExercise(
    {
      items,
      lines: items.map((_, i) => locate(["items", i]).line),
      issues: [
        ...(obj.items !== undefined && !Array.isArray(obj.items)
          ? [{ ...locate(["items"]), message: "items: expected an array" }]
          : []),
        ...(obj.title !== undefined && typeof obj.title !== "string"
          ? [{ ...locate(["title"]), message: "title: expected text" }]
          : []),
      ],
      exercise: { ...rest, title: typeof obj.title === "string" && obj.title.trim() ? obj.title : title },
    },
    title,
    locate,
  );
}

function syntaxIssue(text: string, err: unknown): FormatIssue {
  const message = err instanceof Error ? err.message : String(err);
  const at = /position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const { line, column } = positionOf(text, offset);
  const detail = message.replace(/\s*(in JSON )?at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  return {
    line,
    column,
    message: text.trim() === "" ? "empty file: expected a JSON object" : `invalid JSON: ${detail}`,
  };
}

/**
 * Offset of the value at `path` in a JSON text (of the deepest part of the path that exists). Assumes the text
 * already parsed, so it only needs to skip strings and count nesting.
 */
export function locatePath(text: string, path: readonly PropertyKey[]): number {
  let pos = skipWs(text, 0);
  let best = pos;
  for (const key of path) {
    const found = typeof key === "number" ? arrayElement(text, pos, key) : objectMember(text, pos, String(key));
    if (found === -1) break;
    pos = best = found;
  }
  return best;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === " " || s[i] === "\n" || s[i] === "\t" || s[i] === "\r")) i++;
  return i;
}

function skipString(s: string, i: number): number {
  for (i++; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i + 1;
  }
  return i;
}

/** End offset of the value starting at i. */
function skipValue(s: string, i: number): number {
  if (s[i] === '"') return skipString(s, i);
  if (s[i] === "{" || s[i] === "[") {
    let depth = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '"') i = skipString(s, i) - 1;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return i;
  }
  while (i < s.length && !",}] \n\t\r".includes(s[i] as string)) i++;
  return i;
}

function arrayElement(s: string, i: number, index: number): number {
  if (s[i] !== "[") return -1;
  i = skipWs(s, i + 1);
  for (let k = 0; i < s.length && s[i] !== "]"; k++) {
    if (k === index) return i;
    i = skipWs(s, skipValue(s, i));
    if (s[i] === ",") i = skipWs(s, i + 1);
  }
  return -1;
}

function objectMember(s: string, i: number, key: string): number {
  if (s[i] !== "{") return -1;
  i = skipWs(s, i + 1);
  while (i < s.length && s[i] === '"') {
    const end = skipString(s, i);
    const name = JSON.parse(s.slice(i, end)) as string;
    i = skipWs(s, end);
    if (s[i] === ":") i = skipWs(s, i + 1);
    if (name === key) return i;
    i = skipWs(s, skipValue(s, i));
    if (s[i] === ",") i = skipWs(s, i + 1);
  }
  return -1;
}
