/**
 * Moodle XML building blocks (docs.moodle.org, "Moodle XML format"): `<text>` holders, formats, fractions as
 * Moodle's percentages, and the fields every question has.
 */
import type { Item } from "../../content/schema.ts";
import { child, el, elements, textOf, type XElement } from "../xml/tree.ts";

export type Format = "plain" | "markdown" | "html";

const TO_MOODLE: Record<Format, string> = { plain: "plain_text", markdown: "markdown", html: "html" };

export function moodleFormat(f: Format): string {
  return TO_MOODLE[f];
}

/** Moodle's four text formats → ours (`moodle_auto_format` is plain text with line breaks kept, as GIFT's `[moodle]`). */
export function ourFormat(f: string | undefined): Format {
  if (f === "html" || f === undefined) return "html";
  if (f === "markdown") return "markdown";
  return "plain";
}

export const textEl = (s: string) => el("text", {}, s);

/** A `<name format><text>…</text></name>`-style holder. */
export const holder = (name: string, s: string, format?: Format) =>
  el(name, format ? { format: moodleFormat(format) } : {}, textEl(s));

export function textIn(node: XElement | undefined, name?: string): string {
  const h = name ? (node ? child(node, name) : undefined) : node;
  if (!h) return "";
  const t = child(h, "text");
  return t ? textOf(t) : "";
}

export function formatIn(node: XElement | undefined, name: string): Format {
  const h = node ? child(node, name) : undefined;
  return ourFormat(h?.attrs.format);
}

/** Moodle writes fractions as percentages with up to 7 digits (33.33333). */
export const percent = (fraction: number) => String(Math.round(fraction * 100 * 1e5) / 1e5 + 0);
export const fromPercent = (s: string | undefined) => {
  const n = Number(s ?? 0);
  return Number.isFinite(n) ? Math.max(-1, Math.min(1, n / 100)) : 0;
};

/** Moodle's own grade list: other percentages import only to the nearest of these (with a warning there). */
const MOODLE_GRADES = [
  100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5,
  0,
];
export function isMoodleGrade(fraction: number): boolean {
  const p = Math.abs(Math.round(fraction * 100 * 1e5) / 1e5);
  return MOODLE_GRADES.some((g) => Math.abs(g - p) < 1e-4);
}

export function answerEl(
  fraction: number,
  text: string,
  feedback: string | undefined,
  extra: XElement[] = [],
  format = "plain_text",
): XElement {
  return el(
    "answer",
    { fraction: percent(fraction), format },
    textEl(text),
    ...extra,
    el("feedback", { format: "plain_text" }, textEl(feedback ?? "")),
  );
}

export interface ReadAnswer {
  text: string;
  fraction: number;
  feedback?: string;
  node: XElement;
}

export function answersOf(q: XElement): ReadAnswer[] {
  return elements(q, "answer").map((a) => {
    const feedback = textIn(a, "feedback");
    return { text: textIn(a), fraction: fromPercent(a.attrs.fraction), ...(feedback ? { feedback } : {}), node: a };
  });
}

export const flag = (b: boolean) => (b ? "1" : "0");
export const isTrue = (s: string) => ["1", "true", "yes"].includes(s.trim().toLowerCase());

/** The question's name: its title, else the start of its prompt (so reading it back knows it was not a title). */
export function defaultName(item: Item, index: number): string {
  const words = item.prompt
    .replace(/<[^>]*>/g, " ")
    .replace(/\[\[[^\]]*\]\]/g, "_")
    .replace(/\s+/g, " ")
    .trim();
  return words ? words.slice(0, 50) : `Question ${index + 1}`;
}

export interface WriteResult {
  /** The type-specific elements, written after the common ones. */
  fields: XElement[];
  /** The prompt as Moodle stores it (gap types rewrite the markers). */
  questionText?: string;
  moodleType: string;
  warnings: string[];
}

export interface MoodleMapping<T extends Item = Item> {
  write(item: T): WriteResult;
}

export type Reader = (
  q: XElement,
  base: { prompt: string; promptFormat: Format },
  warnings: string[],
) => Record<string, unknown>;
