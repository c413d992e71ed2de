/**
 * gap_fill in Moodle: typed gaps ↔ cloze (multianswer, `{1:SHORTANSWER:=goes}`); dropdown gaps ↔ gapselect
 * ("Select missing words"); a word bank ↔ ddwtos ("Drag and drop into text"). gapselect and ddwtos put `[[n]]`
 * in the text, n being the number of the right choice; a choice's group says which gaps may take it.
 */
import type { Item } from "../../../content/schema.ts";
import type { ItemInput } from "../../errors.ts";
import { child, el, elements, textOf, type XElement } from "../../xml/tree.ts";
import { type MoodleMapping, percent, type Reader, textEl, textIn } from "../common.ts";
import { typedWarnings } from "./typed.ts";

type Gap = Item & { type: "gap_fill" };

const best = (answers: { text: string; fraction: number }[]) => [...answers].sort((a, b) => b.fraction - a.fraction)[0];
const escapeCloze = (s: string) => s.replace(/[\\}~#/]/g, (c) => `\\${c}`);

function clozeText(item: Gap): string {
  return item.prompt.replace(/\[\[([A-Za-z0-9_-]+)\]\]/g, (whole, id: string) => {
    const gap = item.gaps.find((g) => g.id === id);
    if (!gap) return whole;
    const answers = gap.answers
      .map(
        (a) =>
          `${a.fraction === 1 ? "=" : `%${percent(a.fraction)}%`}${escapeCloze(a.text)}${a.feedback ? `#${escapeCloze(a.feedback)}` : ""}`,
      )
      .join("~");
    return `{1:${item.caseSensitive ? "SHORTANSWER_C" : "SHORTANSWER"}:${answers}}`;
  });
}

/** Choices for gapselect/ddwtos: each gap's right answer first (its number is the gap's `[[n]]`), then the others. */
function choices(item: Gap): { text: string; group: number }[] {
  const list = item.gaps.map((g, i) => ({
    text: best(g.answers)?.text ?? "",
    group: item.mode === "dropdown" ? i + 1 : 1,
  }));
  if (item.mode === "dropdown") {
    item.gaps.forEach((g, i) => {
      for (const o of g.options ?? []) if (o !== best(g.answers)?.text) list.push({ text: o, group: i + 1 });
    });
  } else {
    for (const d of item.distractors ?? []) list.push({ text: d, group: 1 });
  }
  return list;
}

function numberedText(item: Gap): string {
  let n = 0;
  const numbers = new Map(item.gaps.map((g) => [g.id, ++n]));
  return item.prompt.replace(/\[\[([A-Za-z0-9_-]+)\]\]/g, (whole, id: string) =>
    numbers.has(id) ? `[[${numbers.get(id)}]]` : whole,
  );
}

export const gaps: MoodleMapping<Gap> = {
  write(item) {
    const warnings: string[] = [];
    if (item.mode === "typed") {
      warnings.push(...typedWarnings(item.tolerance));
      return { moodleType: "cloze", questionText: clozeText(item), warnings, fields: [] };
    }
    if (
      item.gaps.some((g) => g.answers.some((a) => a.fraction < 1 && a.fraction > 0 && a.text !== best(g.answers)?.text))
    ) {
      warnings.push("partly right answers are lost: Moodle takes one right choice per gap");
    }
    if (item.gaps.some((g) => g.answers.some((a) => a.feedback))) warnings.push("per-answer feedback is lost");
    const tag = item.mode === "dropdown" ? "selectoption" : "dragbox";
    if (item.mode === "dropdown" && item.gaps.length > 20)
      warnings.push("Moodle offers 20 groups: gaps beyond the 20th share groups");
    const fields = [
      el("shuffleanswers", {}, "1"),
      ...choices(item).map((c) =>
        el(
          tag,
          {},
          textEl(c.text),
          el("group", {}, String(Math.min(20, c.group))),
          item.mode === "word_bank" ? el("infinite") : undefined,
        ),
      ),
    ];
    return {
      moodleType: item.mode === "dropdown" ? "gapselect" : "ddwtos",
      questionText: numberedText(item),
      warnings,
      fields,
    };
  },
};

/** gapselect / ddwtos → gap_fill: `[[n]]` becomes gap g<k> whose answer is choice n and whose options its group's. */
export function readChoiceGaps(mode: "dropdown" | "word_bank"): Reader {
  return (q, base, warnings) => {
    const tag = mode === "dropdown" ? "selectoption" : "dragbox";
    const list = elements(q, tag).map((c) => ({
      text: textIn(c).trim(),
      group: textOf(child(c, "group")).trim() || "1",
    }));
    const gapsOut: { id: string; answers: { text: string; fraction: number }[]; options?: string[] }[] = [];
    let k = 0;
    const prompt = base.prompt.replace(/\[\[([0-9]+)\]\]/g, (whole, n: string) => {
      const choice = list[Number(n) - 1];
      if (!choice) {
        warnings.push(`[[${n}]] names no choice`);
        return whole;
      }
      const id = `g${++k}`;
      const options = [...new Set(list.filter((c) => c.group === choice.group).map((c) => c.text))];
      gapsOut.push({ id, answers: [{ text: choice.text, fraction: 1 }], ...(mode === "dropdown" ? { options } : {}) });
      return `[[${id}]]`;
    });
    const used = new Set(gapsOut.map((g) => g.answers[0]?.text));
    const distractors = mode === "word_bank" ? list.map((c) => c.text).filter((t) => !used.has(t)) : [];
    return { type: "gap_fill", mode, prompt, gaps: gapsOut, ...(distractors.length ? { distractors } : {}) };
  };
}

/** One `{…}` subquestion of a Cloze text. */
interface Sub {
  kind: "typed" | "choice" | "numerical";
  caseSensitive: boolean;
  answers: { text: string; fraction: number; feedback?: string }[];
}

const unescapeCloze = (s: string) => s.replace(/\\(.)/g, "$1");

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) {
      cur += s[i] + (s[i + 1] as string);
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = "";
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

function parseSub(body: string): Sub | undefined {
  const m = /^(\d*):([A-Z_]+):([\s\S]*)$/.exec(body);
  if (!m) return undefined;
  const type = m[2] as string;
  const kind = /^(NUMERICAL|NM)$/.test(type)
    ? "numerical"
    : /^(MULTICHOICE|MC|MULTIRESPONSE|MR)/.test(type)
      ? "choice"
      : /^(SHORTANSWER|SA|MW)/.test(type)
        ? "typed"
        : undefined;
  if (!kind) return undefined;
  const answers = splitUnescaped(m[3] as string, "~")
    .filter((a) => a.trim() !== "")
    .map((raw) => {
      const [answerPart, ...fb] = splitUnescaped(raw, "#");
      let a = answerPart ?? "";
      let fraction = 0;
      const pct = /^%(-?[0-9.]+)%/.exec(a);
      if (a.startsWith("=")) {
        fraction = 1;
        a = a.slice(1);
      } else if (pct) {
        fraction = Math.max(-1, Math.min(1, Number(pct[1]) / 100));
        a = a.slice(pct[0].length);
      }
      const feedback = fb.length ? unescapeCloze(fb.join("#")) : undefined;
      return { text: unescapeCloze(a).trim(), fraction, ...(feedback ? { feedback } : {}) };
    });
  return { kind, caseSensitive: /_C$|^(SAC|MWC)$/.test(type), answers };
}

/** Finds `{…}` subquestions, braces escaped with a backslash inside. */
function clozeParts(text: string): { start: number; end: number; body: string }[] {
  const out: { start: number; end: number; body: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "{" || text[i - 1] === "\\") continue;
    let j = i + 1;
    while (j < text.length && !(text[j] === "}" && text[j - 1] !== "\\")) j++;
    if (j >= text.length) break;
    out.push({ start: i, end: j + 1, body: text.slice(i + 1, j) });
    i = j;
  }
  return out;
}

export const readCloze: Reader = (_q, base, warnings) => {
  const parts = clozeParts(base.prompt).map((p) => ({ ...p, sub: parseSub(p.body) }));
  const subs = parts.filter((p) => p.sub);
  const allChoice = subs.length > 0 && subs.every((p) => p.sub?.kind === "choice");
  if (subs.some((p) => p.sub?.kind === "numerical"))
    warnings.push("numerical Cloze gaps become typed gaps (the tolerance is lost)");
  if (!allChoice && subs.some((p) => p.sub?.kind === "choice"))
    warnings.push("choice Cloze gaps mixed with typed ones become typed gaps (their wrong options are lost)");
  let prompt = "";
  let last = 0;
  const gapsOut: ItemInput[] | { id: string; answers: Sub["answers"]; options?: string[] }[] = [];
  let k = 0;
  for (const p of subs) {
    prompt += base.prompt.slice(last, p.start);
    const id = `g${++k}`;
    prompt += `[[${id}]]`;
    last = p.end;
    const sub = p.sub as Sub;
    (gapsOut as { id: string; answers: Sub["answers"]; options?: string[] }[]).push({
      id,
      answers: allChoice ? sub.answers.filter((a) => a.fraction > 0) : sub.answers,
      ...(allChoice ? { options: sub.answers.map((a) => a.text) } : {}),
    });
  }
  prompt += base.prompt.slice(last);
  const caseSensitive = subs.some((p) => p.sub?.caseSensitive);
  return {
    type: "gap_fill",
    mode: allChoice ? "dropdown" : "typed",
    prompt,
    gaps: gapsOut,
    ...(allChoice ? {} : { caseSensitive, tolerance: "exact" }),
  };
};

export type { XElement };
