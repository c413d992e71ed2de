/**
 * The Rasch matrix from the offline analyzer's scores (the `stats` CSV): one row per student, one column per item
 * with a maximum above 0; an item is right (1) when it got full marks, otherwise 0 (blanks included). A student
 * seen on an item in several attempts counts with their first (by submitted_at, then file order), as the class
 * calibration does.
 */

import type { ScoresTable } from "../../statistics/csv.ts";
import { timeOf } from "../../statistics/select.ts";
import type { RaschResponse } from "./calibrate.ts";

export interface RaschMatrix {
  students: string[];
  items: string[];
  responses: RaschResponse[][];
}

export function raschMatrixFromScores(table: ScoresTable): RaschMatrix {
  const items = table.items.filter((it) => it.maxScore > 0);
  const column = new Map(items.map((it, c) => [it.id, c]));
  const order = table.attempts
    .map((a, k) => ({ a, k, t: timeOf(a.submittedAt) }))
    .sort((x, y) => {
      const tx = Number.isNaN(x.t) ? Number.NEGATIVE_INFINITY : x.t;
      const ty = Number.isNaN(y.t) ? Number.NEGATIVE_INFINITY : y.t;
      return tx - ty || x.k - y.k;
    });
  const row = new Map<string, RaschResponse[]>();
  for (const { a } of order) {
    let r = row.get(a.student);
    if (!r) {
      r = new Array(items.length).fill(null);
      row.set(a.student, r);
    }
    for (const [id, score] of Object.entries(a.scores)) {
      const c = column.get(id);
      if (c === undefined || score == null || Number.isNaN(score) || r[c] != null) continue;
      r[c] = score >= items[c]!.maxScore ? 1 : 0;
    }
  }
  return { students: [...row.keys()], items: items.map((it) => it.id), responses: [...row.values()] };
}
