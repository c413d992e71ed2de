/**
 * Is this response of the right shape for this item? The body schema already checked that it is one of the
 * response shapes of content-model.md; here it must be the one of the item's type and refer only to the item's
 * own options, gaps, left sides, units and words. A wrong answer is fine; a malformed one is refused (422) before
 * anything is saved, so grading only ever sees responses it understands.
 */
import { type Item, markWordsTokens, type Response } from "@languagecloud/domain";

const only = (r: Response, key: keyof Response) => Object.keys(r).length === 1 && r[key] !== undefined;

/** A problem with the response, or null when it fits the item. */
export function responseProblem(item: Item, r: Response): string | null {
  switch (item.type) {
    case "multiple_choice": {
      if (!only(r, "selected")) return "expected {selected: [optionId, …]}";
      const ids = new Set(item.options.map((o) => o.id));
      if (r.selected!.some((id) => !ids.has(id))) return "selected an option this item does not have";
      if (new Set(r.selected).size !== r.selected!.length) return "selected an option twice";
      if (!item.multiple && r.selected!.length > 1) return "this item takes one option";
      return null;
    }
    case "true_false":
      if (!only(r, "value") || (r.value !== null && typeof r.value !== "boolean"))
        return "expected {value: true|false}";
      return null;
    case "numerical":
      // {text} keeps an answer that is not a number as written; it is graded not_a_number (grading.md).
      if (only(r, "text")) return null;
      if (!only(r, "value") || (r.value !== null && typeof r.value !== "number")) return "expected {value: number}";
      return null;
    case "short_answer":
    case "essay":
      return only(r, "text") ? null : "expected {text: string}";
    case "gap_fill": {
      if (!only(r, "gaps")) return "expected {gaps: {gapId: text}}";
      const ids = new Set(item.gaps.map((g) => g.id));
      return Object.keys(r.gaps!).every((id) => ids.has(id)) ? null : "answered a gap this item does not have";
    }
    case "matching": {
      if (!only(r, "matches")) return "expected {matches: {left: right}}";
      const lefts = new Set(item.pairs.map((p) => p.left));
      return Object.keys(r.matches!).every((l) => lefts.has(l)) ? null : "matched a left side this item does not have";
    }
    case "ordering": {
      if (!only(r, "sequence")) return "expected {sequence: [unit, …]}";
      const left = new Map<string, number>();
      for (const u of item.sequence) left.set(u, (left.get(u) ?? 0) + 1);
      for (const u of r.sequence!) {
        const n = left.get(u) ?? 0;
        if (n <= 0) return "used a unit this item does not have";
        left.set(u, n - 1);
      }
      return null;
    }
    case "mark_words": {
      if (!only(r, "marked")) return "expected {marked: [wordIndex, …]}";
      const count = markWordsTokens(item.prompt).length;
      if (r.marked!.some((i) => i >= count)) return "marked a word past the end of the text";
      return new Set(r.marked).size === r.marked!.length ? null : "marked a word twice";
    }
    case "description":
      return "this item takes no answer";
  }
}
