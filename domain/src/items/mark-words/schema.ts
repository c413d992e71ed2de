/** The mark_words item's schema and its cross-field rules (content-model.md). */
import { z } from "zod";
import { itemBase } from "../../content/item-base.ts";

/** Words to find in a mark_words prompt: `*word*`. */
export const MARKED_WORD = /\*([^*\s][^*]*?)\*/g;

export const markWordsSchema = z
  .object({
    ...itemBase,
    type: z.literal("mark_words"),
  })
  .superRefine((item, ctx) => {
    if (![...item.prompt.matchAll(MARKED_WORD)].length) {
      ctx.addIssue({ code: "custom", path: ["prompt"], message: "mark the words to find as *word*" });
    }
  });

export type MarkWordsItem = z.output<typeof markWordsSchema>;

/**
 * A mark_words prompt in its two parts: the instruction (the lines before the first line that marks a word,
 * shown as the prompt) and the text to mark (from that line on, the only part split into tokens). A prompt
 * whose first line already marks a word is all text.
 */
export function markWordsParts(prompt: string): { instruction: string; text: string } {
  const lines = prompt.split("\n");
  const first = lines.findIndex((l) => new RegExp(MARKED_WORD.source).test(l));
  if (first <= 0) return { instruction: "", text: prompt };
  return { instruction: lines.slice(0, first).join("\n").trim(), text: lines.slice(first).join("\n") };
}

/** The words of a mark_words text (the instruction excluded); `marked` indexes this list. */
export function markWordsTokens(prompt: string): { text: string; target: boolean }[] {
  const tokens: { text: string; target: boolean }[] = [];
  const re = /\*([^*\s][^*]*?)\*|(\S+)/g;
  for (const m of markWordsParts(prompt).text.matchAll(re)) {
    if (m[1] !== undefined) {
      for (const w of m[1].split(/\s+/)) tokens.push({ text: w, target: true });
    } else tokens.push({ text: m[2] as string, target: false });
  }
  return tokens;
}
