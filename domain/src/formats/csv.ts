/**
 * CSV import: one row per item under a header row (docs/formats/csv.md). `answers` holds the type-specific
 * part, with `|` between answers, `*` on right choices and `||` between the gaps of a gap_fill.
 */
import { type Exercise, ITEM_TYPES, type ItemType, LEVELS, type Level, SKILLS, type Skill } from "../content/schema.ts";
import { detectDelimiter, parseCsvRows } from "./csv-rows.ts";
import {
  type FormatIssue,
  finishExercise,
  type ItemInput,
  normalizeNewlines,
  type ParsedItems,
  pushIssue,
} from "./errors.ts";
import { parseNumSpecText } from "./numbers.ts";

export const CSV_COLUMNS = ["type", "prompt", "answers", "feedback", "points", "level", "skills", "tags"] as const;
const REQUIRED = ["type", "prompt"] as const;

/** Splits at an unescaped separator; `\|` and `\*` stand for a literal pipe and star, `\\` for a backslash. */
function splitList(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) {
      cur += s[i]! + s[i + 1]!;
      i++;
    } else if (s.startsWith(sep, i)) {
      out.push(cur);
      cur = "";
      i += sep.length - 1;
    } else cur += s[i];
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== "");
}

function unescapeCell(s: string): string {
  return s.replace(/\\([|*\\])/g, "$1");
}

/** `*text` → right; the star only counts when it is not escaped. */
function starred(s: string): { right: boolean; text: string } {
  return s.startsWith("*")
    ? { right: true, text: unescapeCell(s.slice(1).trim()) }
    : { right: false, text: unescapeCell(s) };
}

type Fail = (message: string) => void;

function itemFromRow(type: ItemType, prompt: string, answers: string, fail: Fail): ItemInput | undefined {
  const list = splitList(answers, "|");
  const none = (what: string) => {
    if (list.length) fail(`${type} takes no answers (${what}); leave the answers column empty`);
  };
  switch (type) {
    case "multiple_choice": {
      const opts = list.map(starred);
      const right = opts.filter((o) => o.right).length;
      if (right === 0) fail('multiple_choice: mark the right option(s) with a leading "*", e.g. "*went|goed|gone"');
      // Several right options make a multiple-answer question; they share the points equally.
      return {
        type,
        prompt,
        multiple: right > 1,
        options: opts.map((o) => ({ text: o.text, fraction: o.right ? 1 / right : 0 })),
      };
    }
    case "true_false": {
      const v = answers.trim().toLowerCase();
      if (!["true", "false", "t", "f"].includes(v))
        fail(`true_false: expected answers "true" or "false", found "${answers.trim()}"`);
      return { type, prompt, answer: v.startsWith("t") };
    }
    case "short_answer":
      return { type, prompt, answers: list.map((a) => ({ text: unescapeCell(a), fraction: 1 })) };
    case "numerical": {
      const parsed = list.map((a) => ({ a, spec: parseNumSpecText(a) }));
      for (const p of parsed) if (!p.spec) fail(`numerical: expected "3.5", "3.5:0.1" or "3..4", found "${p.a}"`);
      return { type, prompt, answers: parsed.flatMap((p) => (p.spec ? [{ ...p.spec, fraction: 1 }] : [])) };
    }
    case "gap_fill": {
      const ids = [...prompt.matchAll(/\[\[([A-Za-z0-9_-]+)\]\]/g)].map((m) => m[1] as string);
      const groups = splitList(answers, "||");
      if (groups.length !== ids.length) {
        fail(
          `gap_fill: the prompt has ${ids.length} gap(s) [[…]] but answers has ${groups.length} group(s) separated by "||"`,
        );
      }
      const dropdown = groups.some((g) => splitList(g, "|").some((a) => a.startsWith("*")));
      const gaps = ids.map((id, k) => {
        const opts = splitList(groups[k] ?? "", "|").map(starred);
        const accepted = dropdown ? opts.filter((o) => o.right) : opts;
        return {
          id,
          answers: accepted.map((o) => ({ text: o.text, fraction: 1 })),
          ...(dropdown ? { options: opts.map((o) => o.text) } : {}),
        };
      });
      return { type, prompt, mode: dropdown ? "dropdown" : "typed", gaps };
    }
    case "matching": {
      const pairs: { left: string; right: string }[] = [];
      const distractors: string[] = [];
      for (const a of list) {
        const arrow = a.indexOf("->");
        if (arrow === -1) {
          fail(`matching: expected "left->right" pairs separated by "|", found "${a}"`);
          continue;
        }
        const left = unescapeCell(a.slice(0, arrow).trim());
        const right = unescapeCell(a.slice(arrow + 2).trim());
        if (left) pairs.push({ left, right });
        else distractors.push(right);
      }
      return { type, prompt, pairs, ...(distractors.length ? { distractors } : {}) };
    }
    case "ordering": {
      const sequence = list.map(unescapeCell);
      return { type, prompt, unit: sequence.some((s) => /\s/.test(s)) ? "sentence" : "word", sequence };
    }
    case "mark_words":
      none("the prompt marks the words as *word*");
      return { type, prompt };
    case "essay":
    case "description":
      none("it has no answer");
      return { type, prompt };
  }
}

export function parseCsvItems(source: string): ParsedItems {
  const text = normalizeNewlines(source);
  const parsed: ParsedItems = { items: [], lines: [], issues: [] };
  const issue = (i: FormatIssue) => pushIssue(parsed.issues, i);
  const rows = parseCsvRows(text, detectDelimiter(text), parsed.issues);
  const header = rows[0];
  if (!header) {
    if (!parsed.issues.length)
      issue({ line: 1, message: `empty file: expected a header row "${CSV_COLUMNS.join(",")}"` });
    return parsed;
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col: Record<string, number> = {};
  names.forEach((name, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      issue({ line: header.line, message: `unknown column "${name}": expected some of ${CSV_COLUMNS.join(", ")}` });
    } else if (col[name] !== undefined) issue({ line: header.line, message: `column "${name}" appears twice` });
    else col[name] = i;
  });
  for (const name of REQUIRED) {
    if (col[name] === undefined)
      issue({ line: header.line, message: `missing column "${name}": the header must name ${REQUIRED.join(" and ")}` });
  }
  if (parsed.issues.length) return parsed;
  if (rows.length === 1) issue({ line: header.line, message: "no items: expected one row per item after the header" });

  let level: { value: Level; line: number } | undefined;
  const skills = new Set<Skill>();
  for (const row of rows.slice(1)) {
    const fail: Fail = (message) => issue({ line: row.line, message });
    if (row.fields.length !== names.length) {
      fail(
        `expected ${names.length} fields as in the header, found ${row.fields.length} (quote fields that contain "," or line breaks)`,
      );
      continue;
    }
    const cell = (name: string) => (col[name] === undefined ? "" : (row.fields[col[name] as number] as string).trim());
    const type = cell("type").toLowerCase() as ItemType;
    if (!ITEM_TYPES.includes(type)) {
      fail(`unknown type "${cell("type")}": expected one of ${ITEM_TYPES.join(", ")}`);
      continue;
    }
    const item = itemFromRow(type, cell("prompt"), cell("answers"), fail);
    if (!item) continue;
    const feedback = cell("feedback");
    if (feedback) item.generalFeedback = feedback;
    const points = cell("points");
    if (points) {
      const p = Number(points);
      if (!Number.isFinite(p) || p < 0) fail(`points: expected a number of 0 or more, found "${points}"`);
      else item.points = p;
    }
    const lv = cell("level").toUpperCase();
    if (lv) {
      if (!LEVELS.includes(lv as Level)) fail(`level: expected one of ${LEVELS.join(", ")}, found "${cell("level")}"`);
      else if (level && level.value !== lv)
        fail(`level ${lv} differs from ${level.value} at line ${level.line}: an exercise has one level`);
      else level = { value: lv as Level, line: row.line };
    }
    for (const s of splitList(cell("skills").toLowerCase(), "|")) {
      if (!SKILLS.includes(s as Skill)) fail(`skills: "${s}" is not one of ${SKILLS.join(", ")}`);
      else skills.add(s as Skill);
    }
    const tags = splitList(cell("tags"), "|");
    if (tags.length) item.tags = tags;
    parsed.items.push(item);
    parsed.lines.push(row.line);
  }
  parsed.exercise = { ...(level ? { level: level.value } : {}), ...(skills.size ? { skills: [...skills] } : {}) };
  return parsed;
}

export function readCsv(text: string, title: string): Exercise {
  return finishExercise(parseCsvItems(text), title);
}
