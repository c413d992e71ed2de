/**
 * The publishing rules of content-model.md: a draft may be incomplete, a published version must be answerable
 * and gradable. Every problem is reported once, naming the item by its position ("Item 3") and the field in words,
 * so the editor can show it beside the field before the teacher presses Publish and the server can refuse with
 * the same list (422 `not_publishable`).
 */
import { pathInWords } from "./field-names.ts";
import { GAP_MARKER, type Item, MARKED_WORD } from "./schema.ts";

export interface PublishProblem {
  /** The schema path, dot-separated and zero-based (`items.2.options.0.text`), for the editor to place it. */
  field: string;
  /** One sentence starting with the item's position and field in words. */
  message: string;
}

/** Loose input: the editor checks its working copy, the server a saved draft. */
type LooseItem = Record<string, unknown>;

const FULL = 0.999;
const blank = (v: unknown) => typeof v !== "string" || v.trim() === "";
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
const num = (v: unknown) => (typeof v === "number" ? v : Number.NaN);

function itemProblems(item: LooseItem, at: string, add: (field: string, message: string) => void) {
  const f = (rest: string) => `${at}.${rest}`;
  const hasMedia = list(item.media).length > 0;
  list(item.media).forEach((m, i) => {
    if (m.kind === "image" && blank(m.alt)) add(f(`media.${i}.alt`), "describe the image for those who cannot see it.");
  });
  if (blank(item.prompt) && !hasMedia) {
    add(f("prompt"), item.type === "description" ? "write the text or attach media." : "write the question.");
  }
  switch (item.type as Item["type"]) {
    case "multiple_choice": {
      const options = list(item.options);
      options.forEach((o, i) => {
        if (blank(o.text)) add(f(`options.${i}.text`), "the option has no text.");
      });
      const positive = options.map((o) => num(o.fraction)).filter((x) => x > 0);
      const best = item.multiple === true ? positive.reduce((a, b) => a + b, 0) : Math.max(0, ...positive);
      if (best < FULL) {
        add(
          f("options"),
          item.multiple === true
            ? "the right options must add up to 100 % credit."
            : "one option must earn 100 % credit.",
        );
      }
      break;
    }
    case "short_answer":
    case "numerical": {
      const answers = list(item.answers);
      if (item.type === "short_answer") {
        answers.forEach((a, i) => {
          if (blank(a.text)) add(f(`answers.${i}.text`), "the answer is empty.");
        });
      }
      if (Math.max(0, ...answers.map((a) => num(a.fraction)).filter((x) => !Number.isNaN(x))) < FULL) {
        add(f("answers"), "one answer must earn 100 % credit.");
      }
      break;
    }
    case "gap_fill": {
      const prompt = typeof item.prompt === "string" ? item.prompt : "";
      const markers = [...prompt.matchAll(GAP_MARKER)].map((m) => m[1] as string);
      const gaps = list(item.gaps);
      const ids = gaps.map((g) => String(g.id ?? ""));
      if (!markers.length) add(f("prompt"), "mark at least one gap as [[g1]].");
      const seen = new Set<string>();
      for (const m of markers) {
        if (seen.has(m)) add(f("prompt"), `the gap [[${m}]] appears twice.`);
        seen.add(m);
        if (!ids.includes(m)) add(f("prompt"), `the gap [[${m}]] has no answers.`);
      }
      gaps.forEach((g, i) => {
        const id = String(g.id ?? "");
        if (!markers.includes(id)) add(f(`gaps.${i}`), `[[${id}]] is not in the prompt.`);
        const answers = list(g.answers);
        answers.forEach((a, j) => {
          if (blank(a.text)) add(f(`gaps.${i}.answers.${j}.text`), "the answer is empty.");
        });
        if (Math.max(0, ...answers.map((a) => num(a.fraction)).filter((x) => !Number.isNaN(x))) < FULL) {
          add(f(`gaps.${i}.answers`), "one answer must earn 100 % credit.");
        }
        if (item.mode === "dropdown" && list(g.options).length < 2) {
          add(f(`gaps.${i}.options`), "a dropdown needs at least two options.");
        }
      });
      break;
    }
    case "matching": {
      const pairs = list(item.pairs);
      if (!pairs.length) add(f("pairs"), "add at least one pair.");
      pairs.forEach((p, i) => {
        if (blank(p.left)) add(f(`pairs.${i}.left`), "the left side is empty.");
        if (blank(p.right)) add(f(`pairs.${i}.right`), "the right side is empty.");
      });
      break;
    }
    case "ordering": {
      const seq = Array.isArray(item.sequence) ? (item.sequence as unknown[]) : [];
      if (seq.filter((u) => !blank(u)).length < 2) add(f("sequence"), "give at least two units to put in order.");
      break;
    }
    case "mark_words": {
      const prompt = typeof item.prompt === "string" ? item.prompt : "";
      if (!blank(prompt) && ![...prompt.matchAll(MARKED_WORD)].length) {
        add(f("prompt"), "mark the words to find between asterisks, as *word*.");
      }
      break;
    }
    default:
      break;
  }
}

/** Every reason the exercise cannot be published yet; empty when it can. */
export function publishProblems(exercise: { title?: unknown; items?: unknown }): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (blank(exercise.title)) problems.push({ field: "title", message: "Title: give the exercise a title." });
  const items = list(exercise.items);
  if (!items.length) problems.push({ field: "items", message: "Items: add at least one item." });
  items.forEach((item, i) => {
    itemProblems(item, `items.${i}`, (field, message) => {
      problems.push({ field, message: `${pathInWords(field)}: ${message}` });
    });
  });
  return problems;
}
