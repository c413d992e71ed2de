/**
 * What the player reads from a StudentItem. The server strips answers; these helpers read the fields the player
 * needs and never look at answer fields (fraction, answers, sequence order, `*targets*`), so a careless payload
 * still reveals nothing.
 */
import type { Response, StudentItem } from "@languagecloud/domain";

export type { Response, StudentItem };

export interface ItemProps {
  item: StudentItem;
  response: Response | undefined;
  onChange: (response: Response) => void;
  disabled?: boolean;
  /** The id of the element that labels the item (its prompt). */
  labelId: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v)
    ? v.map((x) => (typeof x === "string" ? x : (str((x as { text?: unknown })?.text) ?? "")))
    : undefined;

export function choiceOptions(item: StudentItem): { id: string; text: string }[] {
  const options = Array.isArray(item.options) ? item.options : [];
  return options.map((o, i) => {
    const rec = (o ?? {}) as { id?: unknown; text?: unknown };
    return { id: str(rec.id) ?? String.fromCharCode(97 + i), text: str(rec.text) ?? String(o) };
  });
}

export function isMultiple(item: StudentItem): boolean {
  return item.multiple === true;
}

export type GapMode = "typed" | "dropdown" | "word_bank";

export function gapFillView(item: StudentItem): {
  mode: GapMode;
  gaps: { id: string; options?: string[] }[];
  bank: string[];
} {
  const mode: GapMode = item.mode === "dropdown" || item.mode === "word_bank" ? item.mode : "typed";
  const rawGaps = Array.isArray(item.gaps) ? item.gaps : [];
  const gaps = rawGaps.map((g) => {
    const rec = (g ?? {}) as { id?: unknown; options?: unknown };
    const options = strings(rec.options);
    return options ? { id: str(rec.id) ?? "", options } : { id: str(rec.id) ?? "" };
  });
  let bank = strings(item.bank) ?? strings(item.wordBank) ?? [];
  if (!bank.length && mode === "word_bank") {
    bank = [...new Set([...gaps.flatMap((g) => g.options ?? []), ...(strings(item.distractors) ?? [])])].sort((a, b) =>
      a.localeCompare(b),
    );
  }
  return { mode, gaps, bank };
}

/** Splits a gap_fill prompt into text and gap ids: `He [[g1]] to school` → ["He ", {gap:"g1"}, " to school"]. */
export function splitGaps(prompt: string): (string | { gap: string })[] {
  const out: (string | { gap: string })[] = [];
  const re = /\[\[([A-Za-z0-9_-]+)\]\]/g;
  let last = 0;
  for (const m of prompt.matchAll(re)) {
    if (m.index > last) out.push(prompt.slice(last, m.index));
    out.push({ gap: m[1] as string });
    last = m.index + m[0].length;
  }
  if (last < prompt.length) out.push(prompt.slice(last));
  return out;
}

export function matchingView(item: StudentItem): { lefts: string[]; rights: string[] } {
  const pairs = Array.isArray(item.pairs) ? (item.pairs as { left?: unknown; right?: unknown }[]) : [];
  const lefts = strings(item.lefts) ?? strings(item.left) ?? pairs.map((p) => str(p?.left) ?? "");
  let rights = strings(item.rights) ?? strings(item.right) ?? strings(item.choices);
  if (!rights) {
    rights = [...pairs.map((p) => str(p?.right) ?? ""), ...(strings(item.distractors) ?? [])].sort((a, b) =>
      a.localeCompare(b),
    );
  }
  return { lefts, rights: [...new Set(rights)] };
}

export function orderingUnits(item: StudentItem): { unit: "word" | "sentence"; units: string[] } {
  const unit = item.unit === "sentence" ? "sentence" : "word";
  const given = strings(item.units) ?? strings(item.items) ?? strings(item.shuffled);
  if (given) return { unit, units: given };
  // Only the answer was sent: show it in a stable, alphabetical order so it is not given away.
  return { unit, units: [...(strings(item.sequence) ?? [])].sort((a, b) => a.localeCompare(b)) };
}

/** The tokens of a mark_words text; `marked` indexes this list. Asterisks (if any reached us) are dropped. */
export function markTokens(item: StudentItem): string[] {
  const given = strings(item.tokens);
  if (given) return given;
  const tokens: string[] = [];
  for (const m of item.prompt.matchAll(/\*([^*\s][^*]*?)\*|(\S+)/g)) {
    if (m[1] !== undefined) tokens.push(...m[1].split(/\s+/));
    else tokens.push(m[2] as string);
  }
  return tokens;
}

/**
 * The instruction to show above a mark_words text: the lines before the text to mark. A careless payload that
 * still holds the `*targets*` shows only its instruction lines; none means the generic line.
 */
export function markInstruction(item: StudentItem): string {
  const lines = item.prompt.split("\n");
  const first = lines.findIndex((l) => /\*[^*\s][^*]*?\*/.test(l));
  return (first < 0 ? item.prompt : lines.slice(0, first).join("\n")).trim();
}

export function essayLimits(item: StudentItem): { minWords?: number; maxWords?: number } {
  const out: { minWords?: number; maxWords?: number } = {};
  if (typeof item.minWords === "number") out.minWords = item.minWords;
  if (typeof item.maxWords === "number") out.maxWords = item.maxWords;
  return out;
}

export function countWords(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/).length : 0;
}

/** Why an answer will not count as the student may think (shown before submitting), or null. */
export function unusableAnswer(item: StudentItem, response: Response | undefined): string | null {
  if (item.type === "numerical" && typeof response?.text === "string" && response.text.trim()) {
    return `"${response.text.trim()}" is not a number, so it will be marked wrong.`;
  }
  return null;
}

/** True when the response holds an answer (used for "answered n of m" and the submit dialog). */
export function isAnswered(response: Response | undefined): boolean {
  if (!response) return false;
  if (response.selected) return response.selected.length > 0;
  if (response.value !== undefined) return response.value !== null;
  if (response.text !== undefined) return response.text.trim() !== "";
  if (response.gaps) return Object.values(response.gaps).some((v) => v.trim() !== "");
  if (response.matches) return Object.values(response.matches).some((v) => v !== "");
  if (response.sequence) return response.sequence.length > 0;
  if (response.marked) return response.marked.length > 0;
  return false;
}
