/** Random-guess score and the bridge from content items to statistics items. */
import { type Item, itemPoints } from "../content/schema.ts";
import type { GuessMeta, StatsItem } from "./types.ts";

/**
 * The expected score share of a student who guesses (statistics.md). For single-answer multiple choice each
 * option's fraction is clamped at 0 before averaging, because grading never scores an item below 0, so a guess
 * that lands on a penalised option earns 0, not a negative share.
 */
export function randomGuessScore(meta: GuessMeta | undefined): number | null {
  if (!meta) return null;
  switch (meta.type) {
    case "multiple_choice": {
      if (meta.multiple || !meta.options?.length) return null;
      let sum = 0;
      for (const o of meta.options) sum += Math.max(0, o.fraction);
      return sum / meta.options.length;
    }
    case "true_false":
      return 0.5;
    case "short_answer": {
      // Only an answer made of wildcards matches whatever is typed; the best such answer is what a guess earns.
      let best: number | null = null;
      for (const a of meta.answers ?? []) {
        const t = (a.text ?? "").trim();
        if (t.length > 0 && /^\*+$/.test(t)) best = Math.max(best ?? 0, a.fraction);
      }
      return best === null ? 0 : Math.max(0, best);
    }
    default:
      return null;
  }
}

/** A content item as a statistics item; the item must carry its id (normalizeExercise fills it). */
export function toStatsItem(item: Item): StatsItem {
  if (!item.id) throw new Error("toStatsItem: the item has no id (normalize the exercise first)");
  return { id: item.id, maxScore: itemPoints(item), meta: item };
}
