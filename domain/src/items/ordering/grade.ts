/** Grading of a ordering item (grading.md). */
import type { Response } from "../../content/responses.ts";
import { basicNormalize, orderingKey } from "../../grading/normalize.ts";
import { blankError, type Graded, lcsLength } from "../../grading/parts.ts";
import type { OrderingItem } from "./schema.ts";

export function gradeOrdering(item: OrderingItem, response: Response): Graded {
  const given = (response.sequence ?? []).map(basicNormalize);
  const seq = given.map(orderingKey);
  const orders = [item.sequence, ...(item.alternatives ?? [])].map((o) => o.map(orderingKey));
  const shown = [item.sequence, ...(item.alternatives ?? [])].map((o) => o.map(basicNormalize));
  const join = (units: readonly string[]) => units.join(" ");
  const expected = join(item.sequence);
  if (!seq.length) {
    const part = { id: "sequence", response: null, expected, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(expected), fraction: 0, weight: 1 }], feedback: [] };
  }
  const sameAs = (o: readonly string[]) => o.length === seq.length && o.every((u, i) => u === seq[i]);
  const exactAt = orders.findIndex(sameAs);
  let fraction = 1;
  let closestAt = Math.max(exactAt, 0);
  if (exactAt < 0) {
    let bestLcs = -1;
    orders.forEach((o, k) => {
      const l = lcsLength(o, seq);
      if (l > bestLcs) [bestLcs, closestAt] = [l, k];
    });
    const n = item.sequence.length;
    fraction = Math.max(0, bestLcs - 1) / (n - 1);
  }
  const right = fraction >= 1;
  const closest = join(shown[closestAt]!);
  return {
    fraction,
    parts: [
      {
        id: "sequence",
        response: join(given),
        expected: closest,
        verdict: right ? "correct" : "incorrect",
        notes: [],
        errors: right ? [] : [{ category: "word_order", expected: closest, actual: join(given) }],
        fraction,
        weight: 1,
      },
    ],
    feedback: [],
  };
}
