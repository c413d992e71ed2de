/** ordering: words or sentences to put in order (one right order, or alternatives). */
import { seededShuffle } from "../../content/shuffle.ts";
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeOrdering } from "./grade.ts";
import { qti } from "./qti.ts";

const sameOrder = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Shuffles the units of an ordering item so that the shown order is never already a right answer (when avoidable). */
function shuffleAwayFrom(units: readonly string[], rightOrders: readonly (readonly string[])[], random: () => number) {
  let out = seededShuffle(units, random);
  for (let tries = 0; tries < 10 && rightOrders.some((r) => sameOrder(r, out)); tries++) {
    out = seededShuffle(units, random);
  }
  if (rightOrders.some((r) => sameOrder(r, out)) && out.length > 1) out = [...out.slice(1), out[0] as string];
  return out;
}

export const ordering: ItemModule<"ordering"> = {
  type: "ordering",
  grade: gradeOrdering,
  studentView: (item, base, { random }) => ({
    ...base,
    unit: item.unit,
    units: shuffleAwayFrom(item.sequence, [item.sequence, ...(item.alternatives ?? [])], random),
  }),
  responseProblem(item, r) {
    if (!only(r, "sequence")) return "expected {sequence: [unit, …]}";
    const left = new Map<string, number>();
    for (const u of item.sequence) left.set(u, (left.get(u) ?? 0) + 1);
    for (const u of r.sequence!) {
      const n = left.get(u) ?? 0;
      if (n <= 0) return "used a unit this item does not have";
      left.set(u, n - 1);
    }
    return null;
  },
  normalizedText: (_item, r) => (r.sequence?.length ? r.sequence.join(" ") : null),
  statistics: null,
  qti,
  gift,
};
