/**
 * What students chose, part by part, for items whose answer is a set of choices rather than one option or one
 * typed text (issue 14): the right side given for each left side of a matching item, the unit put in each
 * position of an ordering item, whether each word of a mark-the-words text was marked. Counting only; the caller
 * turns each response into one answer per part (null when the part was left empty).
 */

export type BreakdownKind = "pairs" | "positions" | "words";

export interface BreakdownPart {
  /** Stable key of the part: the left side, the position (1-based), the word's index. */
  part: string;
  /** What the teacher reads: the left side, "Position 2", the word. */
  label: string;
  /** The right answer for the part. */
  expected: string;
}

export interface PartAnswerCount {
  answer: string;
  count: number;
  right: boolean;
}

export interface PartBreakdown extends BreakdownPart {
  /** Responses that got this part right. */
  right: number;
  /** Responses that left it empty. */
  blank: number;
  /** Every distinct answer given, most frequent first (ties: alphabetical). */
  answers: PartAnswerCount[];
}

export interface ItemBreakdown {
  kind: BreakdownKind;
  /** Responses counted. */
  n: number;
  parts: PartBreakdown[];
}

export function partBreakdown(
  kind: BreakdownKind,
  parts: readonly BreakdownPart[],
  responses: readonly Readonly<Record<string, string | null | undefined>>[],
): ItemBreakdown {
  const out: PartBreakdown[] = parts.map((p) => {
    const counts = new Map<string, number>();
    let blank = 0;
    for (const r of responses) {
      const a = r[p.part];
      if (a === null || a === undefined || a === "") blank++;
      else counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    const answers = [...counts]
      .map(([answer, count]) => ({ answer, count, right: answer === p.expected }))
      .sort((x, y) => y.count - x.count || (x.answer < y.answer ? -1 : x.answer > y.answer ? 1 : 0));
    return { ...p, right: counts.get(p.expected) ?? 0, blank, answers };
  });
  return { kind, n: responses.length, parts: out };
}
