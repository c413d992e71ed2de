/** The gap_fill item in GIFT (docs/formats/gift.md): the missing-word form, one gap, typed or a dropdown. */
import {
  type Ans,
  answer,
  choices,
  type GiftMapping,
  general,
  hasArrow,
  hasEmpty,
} from "../../formats/gift/item-parts.ts";
import { escapeGift } from "../../formats/gift/lexer.ts";
import type { GapFillItem } from "./schema.ts";

function gapOf(item: GapFillItem): { before: string; after: string } | undefined {
  const gap = item.gaps[0];
  if (!gap) return undefined;
  const marker = `[[${gap.id}]]`;
  const at = item.prompt.indexOf(marker);
  if (at === -1) return undefined;
  return { before: item.prompt.slice(0, at), after: item.prompt.slice(at + marker.length) };
}

export const gift: GiftMapping<GapFillItem> = {
  cannotWrite(item) {
    if (item.gaps.length !== 1) return `${item.gaps.length} gaps; GIFT's missing-word form has exactly one`;
    if (item.mode === "word_bank") return "GIFT has no word bank";
    const split = gapOf(item);
    if (!split) return "the gap marker is missing from the prompt";
    if (split.after.trim() === "") return "the gap ends the prompt, so GIFT would read it as a whole-question answer";
    if (/\[\[[A-Za-z0-9_-]+\]\]/.test(split.before + split.after)) return "the prompt has another gap marker";
    const gap = item.gaps[0]!;
    if (hasEmpty(gap.answers) || (gap.options ?? []).some((o) => o.trim() === "")) return "an answer is empty";
    if (item.mode === "typed" && hasArrow(gap.answers))
      return 'an answer contains "->", which GIFT reads as a matching pair';
    return undefined;
  },
  write(item) {
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
  },
};
