/**
 * Answer breakdowns of matching, ordering and mark-the-words items for the statistics page (issue 14): each stored
 * response turned into one answer per part, then counted by the domain's `partBreakdown`.
 */
import {
  type BreakdownPart,
  type Item,
  type ItemBreakdown,
  markWordsTokens,
  orderingKey,
  partBreakdown,
} from "@languagecloud/domain";

export const BREAKDOWN_TYPES = new Set(["matching", "ordering", "mark_words"]);

type Answers = Record<string, string | null>;

function parse(response: string | null): Record<string, unknown> | null {
  if (!response) return null;
  try {
    const v = JSON.parse(response) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Parts of the item and a reader of one stored response into answers per part; null for other item types. */
function partsOf(item: Item): { parts: BreakdownPart[]; read: (r: Record<string, unknown> | null) => Answers } | null {
  switch (item.type) {
    case "matching": {
      const parts = item.pairs.map((p) => ({ part: p.left, label: p.left, expected: p.right }));
      return {
        parts,
        read: (r) => {
          const m = (r?.matches ?? {}) as Record<string, unknown>;
          return Object.fromEntries(
            parts.map((p) => {
              const v = m[p.part];
              return [p.part, typeof v === "string" ? v : null];
            }),
          );
        },
      };
    }
    case "ordering": {
      // A unit is named by its text in the key, whatever case or end punctuation the student's copy shows.
      const canonical = new Map(item.sequence.map((u) => [orderingKey(u), u]));
      const parts = item.sequence.map((u, i) => ({ part: String(i + 1), label: `Position ${i + 1}`, expected: u }));
      return {
        parts,
        read: (r) => {
          const seq = Array.isArray(r?.sequence) ? (r.sequence as unknown[]) : [];
          return Object.fromEntries(
            parts.map((p, i) => {
              const u = seq[i];
              return [p.part, typeof u === "string" ? (canonical.get(orderingKey(u)) ?? u) : null];
            }),
          );
        },
      };
    }
    case "mark_words": {
      const tokens = markWordsTokens(item.prompt);
      const parts = tokens.map((t, i) => ({
        part: String(i),
        label: t.text,
        expected: t.target ? "marked" : "not marked",
      }));
      return {
        parts,
        read: (r) => {
          if (!r || !Array.isArray(r.marked)) return {};
          const marked = new Set(r.marked as unknown[]);
          return Object.fromEntries(parts.map((p, i) => [p.part, marked.has(i) ? "marked" : "not marked"]));
        },
      };
    }
    default:
      return null;
  }
}

/**
 * The breakdown of one item from its stored responses (JSON text, null when left blank). For mark-the-words only
 * the words to find and the words somebody marked are kept: a long text has many words nobody touched.
 */
export function itemBreakdown(item: Item, responses: readonly (string | null)[]): ItemBreakdown | null {
  const shape = partsOf(item);
  if (!shape) return null;
  const b = partBreakdown(
    item.type === "matching" ? "pairs" : item.type === "ordering" ? "positions" : "words",
    shape.parts,
    responses.map((r) => shape.read(parse(r))),
  );
  if (b.kind === "words") {
    b.parts = b.parts.filter((p) => p.expected === "marked" || p.answers.some((a) => a.answer === "marked"));
  }
  return b;
}
