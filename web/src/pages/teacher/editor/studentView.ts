/** What a student would receive for an item (answers removed), so the preview uses the real player. */
import type { StudentItem } from "@languagecloud/domain";
import { type Draft, list, str } from "./draft.ts";

function shuffleStable<T>(xs: T[]): T[] {
  // a deterministic shuffle (rotate by half) so the preview doesn't jump on every keystroke
  if (xs.length < 2) return xs;
  const k = Math.ceil(xs.length / 2);
  return [...xs.slice(k), ...xs.slice(0, k)];
}

export function toStudentItem(item: Draft): StudentItem {
  const base = {
    id: str(item.id) || "preview",
    type: item.type as StudentItem["type"],
    prompt: str(item.prompt),
    points: typeof item.points === "number" ? item.points : 1,
    promptFormat: item.promptFormat,
    media: item.media,
  };
  switch (item.type) {
    case "multiple_choice":
      return {
        ...base,
        multiple: item.multiple === true,
        options: list(item.options).map((o, i) => ({
          id: str(o.id) || String.fromCharCode(97 + i),
          text: str(o.text),
        })),
      };
    case "gap_fill": {
      const gaps = list(item.gaps);
      const bank = [
        ...gaps.flatMap((g) =>
          list(g.answers)
            .filter((a) => Number(a.fraction) > 0)
            .slice(0, 1)
            .map((a) => str(a.text)),
        ),
        ...list<string>(item.distractors),
      ].sort((a, b) => a.localeCompare(b));
      return {
        ...base,
        mode: item.mode ?? "typed",
        gaps: gaps.map((g) => (g.options ? { id: str(g.id), options: list<string>(g.options) } : { id: str(g.id) })),
        bank: [...new Set(bank)],
      };
    }
    case "matching": {
      const pairs = list(item.pairs);
      return {
        ...base,
        lefts: pairs.map((p) => str(p.left)),
        rights: [...new Set([...pairs.map((p) => str(p.right)), ...list<string>(item.distractors)])].sort((a, b) =>
          a.localeCompare(b),
        ),
      };
    }
    case "ordering":
      return { ...base, unit: item.unit, units: shuffleStable(list<string>(item.sequence)) };
    case "mark_words": {
      const tokens: string[] = [];
      for (const m of base.prompt.matchAll(/\*([^*\s][^*]*?)\*|(\S+)/g)) {
        if (m[1] !== undefined) tokens.push(...m[1].split(/\s+/));
        else tokens.push(m[2] as string);
      }
      return { ...base, prompt: base.prompt.replace(/\*/g, ""), tokens };
    }
    case "essay":
      return { ...base, minWords: item.minWords, maxWords: item.maxWords };
    default:
      return base;
  }
}
