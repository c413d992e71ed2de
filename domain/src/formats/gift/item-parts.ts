/**
 * The pieces every item type's GIFT form is written with (items/<type>/gift.ts): the head (title, format marker,
 * prompt), feedback, answers with their weights, the `{…}` block.
 */
import type { Item } from "../../content/schema.ts";
import { escapeGift, fractionToWeight } from "./lexer.ts";

export interface Ans {
  text: string;
  fraction: number;
  feedback?: string;
}

/** One type's GIFT form: why an item cannot be written (undefined when it can), and its text. */
export interface GiftMapping<T extends Item = Item> {
  cannotWrite?: (item: T) => string | undefined;
  write: (item: T) => string;
}

export const hasArrow = (answers: { text: string }[]) => answers.some((a) => a.text.includes("->"));
export const hasEmpty = (answers: { text: string }[]) => answers.some((a) => a.text.trim() === "");

export function head(item: Item): string {
  const title = item.title ? `::${escapeGift(item.title)}::` : "";
  const prompt = escapeGift(item.prompt);
  if (item.promptFormat === "html") return `${title}[html]${prompt}`;
  if (item.promptFormat === "markdown") return `${title}[markdown]${prompt}`;
  // A plain prompt that would read as a marker, a comment or a category gets an explicit [plain] in front.
  const risky = /^(\[|\/\/|\$CATEGORY:)/i.test(prompt) || (!title && prompt.trim() === "");
  return `${title}${risky ? "[plain]" : ""}${prompt}`;
}

export const fb = (feedback: string | undefined) => (feedback ? `#${escapeGift(feedback)}` : "");
export const general = (item: Item) => (item.generalFeedback ? `####${escapeGift(item.generalFeedback)}` : "");

/** One answer: `=`/`~`, a weight when it differs from the mark's default (or the text itself starts with `%`). */
export function answer(mark: "=" | "~", a: Ans): string {
  const byDefault = mark === "=" ? 1 : 0;
  const weight = a.fraction !== byDefault || a.text.startsWith("%") ? `%${fractionToWeight(a.fraction)}%` : "";
  return `${mark}${weight}${escapeGift(a.text)}${fb(a.feedback)}`;
}

export function list(lines: string[], item: Item): string {
  return `{\n${lines.map((l) => `\t${l}`).join("\n")}\n${general(item) ? `\t${general(item)}\n` : ""}}`;
}

/** Choice answers: in single mode the best one carries the `=` Moodle needs; in multiple mode none may. */
export function choices(options: Ans[], single: boolean): string[] {
  let best = -1;
  if (single) {
    for (const [i, o] of options.entries()) if (best === -1 || o.fraction > (options[best] as Ans).fraction) best = i;
  }
  return options.map((o, i) => answer(i === best ? "=" : "~", o));
}

export function numberText(n: number): string {
  return String(n);
}
