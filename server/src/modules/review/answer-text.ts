/**
 * A student's answer as they gave it, in words a teacher reads (the review page, the responses grid and its CSV):
 * option texts rather than ids, gaps in order, pairs as "left → right", marked words by their text.
 */
import { type Item, markWordsTokens, type Response } from "@languagecloud/domain";

export function answerText(item: Item, r: Response | null | undefined): string {
  if (!r) return "";
  switch (item.type) {
    case "short_answer":
    case "essay":
      return r.text ?? "";
    case "numerical":
      return r.value === undefined || r.value === null ? "" : String(r.value);
    case "true_false":
      return r.value === undefined || r.value === null ? "" : r.value ? "True" : "False";
    case "multiple_choice":
      return (r.selected ?? []).map((id) => item.options.find((o) => o.id === id)?.text ?? id).join("; ");
    case "gap_fill": {
      const gaps = r.gaps ?? {};
      return item.gaps.map((g) => gaps[g.id] ?? "").join(" | ");
    }
    case "matching": {
      const m = r.matches ?? {};
      return item.pairs
        .filter((p) => m[p.left] !== undefined)
        .map((p) => `${p.left} → ${m[p.left]}`)
        .join("; ");
    }
    case "ordering":
      return (r.sequence ?? []).join(item.unit === "sentence" ? " / " : " ");
    case "mark_words": {
      const tokens = markWordsTokens(item.prompt);
      return (r.marked ?? []).map((i) => tokens[i]?.text ?? String(i)).join(", ");
    }
    default:
      return "";
  }
}

/** A prompt shortened to a name for an item: markup and gap markers out, one line, at most `max` characters. */
export function shortPrompt(item: { id?: string; prompt?: string; title?: string }, max = 80): string {
  const plain = (item.title || item.prompt || "")
    .replace(/<[^>]*>/g, " ")
    .replace(/\{\{[^}]*\}\}|\[\[[^\]]*\]\]|\*([^*]+)\*/g, (_m, w) => (w ? w : "___"))
    .replace(/[#_`>]+/g, (m) => (m === "___" ? m : " "))
    .replace(/\s+/g, " ")
    .trim();
  if (!plain) return item.id ? `Item ${item.id}` : "Item";
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
