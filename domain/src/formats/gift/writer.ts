/**
 * Exercise → GIFT. Writes what GIFT can express so that reading the output gives back the same items; the rest
 * is listed in a comment at the top rather than silently dropped.
 */
import { type Exercise, type Item, isCatchAllAnswer } from "../../content/schema.ts";
import { escapeGift, fractionToWeight } from "./lexer.ts";

export interface SkippedItem {
  id?: string;
  type: Item["type"];
  reason: string;
}

interface Ans {
  text: string;
  fraction: number;
  feedback?: string;
}

/** GIFT text of an exercise, plus the items it had to leave out. */
export function toGift(exercise: Exercise): { text: string; skipped: SkippedItem[] } {
  const skipped: SkippedItem[] = [];
  const written: { item: Item; body: string }[] = [];
  for (const item of exercise.items) {
    const reason = cannotWrite(item);
    if (reason) skipped.push({ ...(item.id ? { id: item.id } : {}), type: item.type, reason });
    else written.push({ item, body: writeItem(item) });
  }
  // Readers number items q1, q2… by position; write ids only when that would not give them back.
  const needIds = written.some(({ item }, k) => item.id !== `q${k + 1}`);
  const out: string[] = [`// ${oneLine(exercise.title)}`];
  if (skipped.length) {
    out.push("// Skipped, GIFT cannot express them:");
    for (const s of skipped) out.push(`//   ${s.id ?? "(no id)"} (${s.type}): ${s.reason}`);
  }
  let category: string | undefined;
  for (const { item, body } of written) {
    if (item.category !== category) {
      out.push("", `$CATEGORY: ${oneLine(item.category ?? "")}`.trimEnd());
      category = item.category;
    }
    const meta: string[] = [];
    if (needIds && item.id) meta.push(`[id:${item.id}]`);
    for (const tag of item.tags ?? []) if (!tag.includes("]")) meta.push(`[tag:${oneLine(tag)}]`);
    out.push("");
    if (meta.length) out.push(`// ${meta.join(" ")}`);
    out.push(body);
  }
  return { text: `${out.join("\n")}\n`, skipped };
}

export function writeGift(exercise: Exercise): string {
  return toGift(exercise).text;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, " ");
}

function gapOf(item: Item & { type: "gap_fill" }): { before: string; after: string } | undefined {
  const gap = item.gaps[0];
  if (!gap) return undefined;
  const marker = `[[${gap.id}]]`;
  const at = item.prompt.indexOf(marker);
  if (at === -1) return undefined;
  return { before: item.prompt.slice(0, at), after: item.prompt.slice(at + marker.length) };
}

/** Why an item has no GIFT form (undefined when it has one). */
function cannotWrite(item: Item): string | undefined {
  const arrow = (answers: { text: string }[]) => answers.some((a) => a.text.includes("->"));
  const empty = (answers: { text: string }[]) => answers.some((a) => a.text.trim() === "");
  switch (item.type) {
    case "ordering":
    case "mark_words":
      return "GIFT has no such question type";
    case "short_answer":
      if (arrow(item.answers)) return 'an answer contains "->", which GIFT reads as a matching pair';
      if (empty(item.answers)) return "an answer is empty";
      return undefined;
    case "multiple_choice":
      return empty(item.options) ? "an option is empty" : undefined;
    case "matching":
      return item.pairs.some((p) => p.left.includes("->")) ? 'a left side contains "->"' : undefined;
    case "gap_fill": {
      if (item.gaps.length !== 1) return `${item.gaps.length} gaps; GIFT's missing-word form has exactly one`;
      if (item.mode === "word_bank") return "GIFT has no word bank";
      const split = gapOf(item);
      if (!split) return "the gap marker is missing from the prompt";
      if (split.after.trim() === "") return "the gap ends the prompt, so GIFT would read it as a whole-question answer";
      if (/\[\[[A-Za-z0-9_-]+\]\]/.test(split.before + split.after)) return "the prompt has another gap marker";
      const gap = item.gaps[0]!;
      if (empty(gap.answers) || (gap.options ?? []).some((o) => o.trim() === "")) return "an answer is empty";
      if (item.mode === "typed" && arrow(gap.answers))
        return 'an answer contains "->", which GIFT reads as a matching pair';
      return undefined;
    }
    default:
      return undefined;
  }
}

function head(item: Item): string {
  const title = item.title ? `::${escapeGift(item.title)}::` : "";
  const prompt = escapeGift(item.prompt);
  if (item.promptFormat === "html") return `${title}[html]${prompt}`;
  if (item.promptFormat === "markdown") return `${title}[markdown]${prompt}`;
  // A plain prompt that would read as a marker, a comment or a category gets an explicit [plain] in front.
  const risky = /^(\[|\/\/|\$CATEGORY:)/i.test(prompt) || (!title && prompt.trim() === "");
  return `${title}${risky ? "[plain]" : ""}${prompt}`;
}

const fb = (feedback: string | undefined) => (feedback ? `#${escapeGift(feedback)}` : "");
const general = (item: Item) => (item.generalFeedback ? `####${escapeGift(item.generalFeedback)}` : "");

/** One answer: `=`/`~`, a weight when it differs from the mark's default (or the text itself starts with `%`). */
function answer(mark: "=" | "~", a: Ans): string {
  const byDefault = mark === "=" ? 1 : 0;
  const weight = a.fraction !== byDefault || a.text.startsWith("%") ? `%${fractionToWeight(a.fraction)}%` : "";
  return `${mark}${weight}${escapeGift(a.text)}${fb(a.feedback)}`;
}

function list(lines: string[], item: Item): string {
  return `{\n${lines.map((l) => `\t${l}`).join("\n")}\n${general(item) ? `\t${general(item)}\n` : ""}}`;
}

/** Choice answers: in single mode the best one carries the `=` Moodle needs; in multiple mode none may. */
function choices(options: Ans[], single: boolean): string[] {
  let best = -1;
  if (single) {
    for (const [i, o] of options.entries()) if (best === -1 || o.fraction > (options[best] as Ans).fraction) best = i;
  }
  return options.map((o, i) => answer(i === best ? "=" : "~", o));
}

function numberText(n: number): string {
  return String(n);
}

function writeItem(item: Item): string {
  const h = head(item);
  switch (item.type) {
    case "description":
      return h;
    case "essay":
      return `${h} {${general(item)}}`;
    case "true_false": {
      const wrong = item.answer ? item.feedbackFalse : item.feedbackTrue;
      const right = item.answer ? item.feedbackTrue : item.feedbackFalse;
      const fbs = right
        ? `#${wrong ? escapeGift(wrong) : ""}#${escapeGift(right)}`
        : wrong
          ? `#${escapeGift(wrong)}`
          : "";
      return `${h} {${item.answer ? "TRUE" : "FALSE"}${fbs}${general(item)}}`;
    }
    case "short_answer":
      return `${h} ${list(
        item.answers.map((a) => answer("=", a)),
        item,
      )}`;
    case "numerical": {
      const spec = (a: { value: number; tolerance: number }) =>
        `${numberText(a.value)}${a.tolerance ? `:${numberText(a.tolerance)}` : ""}`;
      const only = item.answers[0];
      if (item.answers.length === 1 && only && only.fraction === 1)
        return `${h} {#${spec(only)}${fb(only.feedback)}${general(item)}}`;
      const lines = item.answers.map((a) =>
        isCatchAllAnswer(a)
          ? `~${a.fraction === 0 ? "" : `%${fractionToWeight(a.fraction)}%`}${fb(a.feedback) || "#"}`
          : `=${a.fraction === 1 ? "" : `%${fractionToWeight(a.fraction)}%`}${spec(a)}${fb(a.feedback)}`,
      );
      return `${h} {#\n${lines.map((l) => `\t${l}`).join("\n")}\n${general(item) ? `\t${general(item)}\n` : ""}}`;
    }
    case "matching": {
      const pairs = item.pairs.map((p) => `=${escapeGift(p.left)} -> ${escapeGift(p.right)}`);
      const extra = (item.distractors ?? []).map((d) => `= -> ${escapeGift(d)}`);
      return `${h} ${list([...pairs, ...extra], item)}`;
    }
    case "multiple_choice":
      return `${h} ${list(choices(item.options, !item.multiple), item)}`;
    case "gap_fill": {
      const { before, after } = gapOf(item)!;
      const gap = item.gaps[0]!;
      const title = item.title ? `::${escapeGift(item.title)}::` : "";
      const marker = item.promptFormat === "plain" ? "" : `[${item.promptFormat}]`;
      let block: string;
      if (item.mode === "dropdown") {
        const options = gap.options ?? [];
        const byText = new Map(gap.answers.map((a) => [a.text, a]));
        const all: Ans[] = options.map((text) => byText.get(text) ?? { text, fraction: 0 });
        for (const a of gap.answers) if (!options.includes(a.text)) all.push(a);
        block = choices(all, true).join(" ");
      } else block = gap.answers.map((a) => answer("=", a)).join(" ");
      const lead = escapeGift(before);
      const safeLead = !marker && /^(\[|\/\/|\$CATEGORY:)/i.test(lead) ? "[plain]" : "";
      return `${title}${marker}${safeLead}${lead}{${block}${general(item)}}${escapeGift(after)}`;
    }
    default:
      return h;
  }
}
