/**
 * A Rasch calibration of a students × items matrix with gaps: which items and students can be estimated, item
 * difficulties by conditional maximum likelihood, abilities by Warm's WLE, and item fit.
 */
import { type DesignGroup, fitCml } from "./cml.ts";
import { warmAbility } from "./wle.ts";

/** One answer: 1 right, 0 wrong, null or undefined not answered. */
export type RaschResponse = 0 | 1 | null | undefined;

export interface RaschItem {
  /** b on the logit scale (higher = harder), normalized to sum 0 over the estimated items; null when not estimated. */
  difficulty: number | null;
  se: number | null;
  /** Information-weighted mean square of the residuals (expected 1; above ~1.3 the item behaves unlike the rest). */
  infit: number | null;
  /** Unweighted mean square (expected 1; sensitive to surprises far from the item's difficulty). */
  outfit: number | null;
  /** Everyone who answered it (among the students who count) got it right, or everyone got it wrong. */
  extreme: boolean;
  /** Shares no students with the largest connected part of the design, so it cannot be put on the same scale. */
  unlinked: boolean;
  answered: number;
  right: number;
}

export interface RaschStudent {
  /** Warm's WLE on the estimated items the student answered; null when they answered none. */
  ability: number | null;
  se: number | null;
  /** Estimated items answered. */
  answered: number;
  right: number;
  /** All or nothing right on the estimated items: reported, not used for the difficulties. */
  extreme: boolean;
}

export interface RaschCalibration {
  method: "cml";
  items: RaschItem[];
  students: RaschStudent[];
  /** Items and students the difficulties were estimated from. */
  estimatedItems: number;
  estimatedStudents: number;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

export interface RaschOptions {
  /** Called with a share 0..1 of the work done (for long files). */
  onProgress?: (share: number) => void;
}

/** Calibrates `responses[student][item]`; rows may be shorter than `items` (the rest is unanswered). */
export function calibrateRasch(
  responses: readonly (readonly RaschResponse[])[],
  items: number,
  options: RaschOptions = {},
): RaschCalibration {
  const S = responses.length;
  const at = (s: number, i: number): RaschResponse => responses[s]![i];
  const itemOn = new Uint8Array(items).fill(1);
  const studentOn = new Uint8Array(S).fill(1);
  const itemExtreme = new Uint8Array(items);
  const itemUnlinked = new Uint8Array(items);

  // Students with all or nothing right and items everyone got right or wrong carry no information for CML (and
  // make its estimates run off to infinity); removing one kind can create the other, so repeat until stable.
  for (let changed = true; changed; ) {
    changed = false;
    for (let s = 0; s < S; s++) {
      if (!studentOn[s]) continue;
      let n = 0;
      let r = 0;
      for (let i = 0; i < items; i++) {
        const x = at(s, i);
        if (!itemOn[i] || x == null) continue;
        n++;
        r += x;
      }
      if (n === 0 || r === 0 || r === n) {
        studentOn[s] = 0;
        changed = true;
      }
    }
    for (let i = 0; i < items; i++) {
      if (!itemOn[i]) continue;
      let n = 0;
      let r = 0;
      for (let s = 0; s < S; s++) {
        const x = at(s, i);
        if (!studentOn[s] || x == null) continue;
        n++;
        r += x;
      }
      if (n === 0 || r === 0 || r === n) {
        itemOn[i] = 0;
        itemExtreme[i] = 1;
        changed = true;
      }
    }
  }

  // Only items linked through common students share a scale: keep the largest connected part.
  const parent = Int32Array.from({ length: items }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let s = 0; s < S; s++) {
    if (!studentOn[s]) continue;
    let first = -1;
    for (let i = 0; i < items; i++) {
      if (!itemOn[i] || at(s, i) == null) continue;
      if (first < 0) first = i;
      else parent[find(i)] = find(first);
    }
  }
  const size = new Map<number, number>();
  for (let i = 0; i < items; i++) if (itemOn[i]) size.set(find(i), (size.get(find(i)) ?? 0) + 1);
  let root = -1;
  for (const [r, n] of size) if (root < 0 || n > size.get(root)!) root = r;
  for (let i = 0; i < items; i++)
    if (itemOn[i] && find(i) !== root) {
      itemOn[i] = 0;
      itemUnlinked[i] = 1;
    }
  // A student answering only unlinked items now answers no estimated item.
  for (let s = 0; s < S; s++) {
    if (!studentOn[s]) continue;
    let n = 0;
    for (let i = 0; i < items; i++) if (itemOn[i] && at(s, i) != null) n++;
    if (n === 0) studentOn[s] = 0;
  }
  options.onProgress?.(0.1);

  const active: number[] = [];
  const position = new Int32Array(items).fill(-1);
  for (let i = 0; i < items; i++)
    if (itemOn[i]) {
      position[i] = active.length;
      active.push(i);
    }
  const k = active.length;
  const sums = new Float64Array(k);
  const answeredBy = new Float64Array(k);
  const byPattern = new Map<string, { items: number[]; scores: Map<number, number> }>();
  for (let s = 0; s < S; s++) {
    if (!studentOn[s]) continue;
    const answered: number[] = [];
    let r = 0;
    for (const i of active) {
      const x = at(s, i);
      if (x == null) continue;
      answered.push(position[i]!);
      answeredBy[position[i]!]!++;
      if (x === 1) {
        r++;
        sums[position[i]!]!++;
      }
    }
    const key = answered.join(",");
    let g = byPattern.get(key);
    if (!g) {
      g = { items: answered, scores: new Map() };
      byPattern.set(key, g);
    }
    g.scores.set(r, (g.scores.get(r) ?? 0) + 1);
  }
  const groups: DesignGroup[] = [...byPattern.values()].map((g) => {
    const scores = [...g.scores.keys()].sort((a, b) => a - b);
    return {
      items: Int32Array.from(g.items),
      scores: Int32Array.from(scores),
      counts: Float64Array.from(scores.map((r) => g.scores.get(r)!)),
    };
  });

  // Start from centred log-odds of a right answer, the usual PROX-like first guess.
  const start = new Float64Array(k);
  let mean = 0;
  for (let a = 0; a < k; a++) {
    start[a] = Math.log(sums[a]! / (answeredBy[a]! - sums[a]!));
    mean += start[a]! / k;
  }
  for (let a = 0; a < k; a++) start[a] = start[a]! - mean;
  const fit =
    k > 0
      ? fitCml(groups, k, sums, start)
      : { easiness: new Float64Array(0), se: new Float64Array(0), logLikelihood: 0, iterations: 0, converged: true };
  options.onProgress?.(0.8);

  const difficulty = new Float64Array(items).fill(Number.NaN);
  for (let a = 0; a < k; a++) difficulty[active[a]!] = -fit.easiness[a]!;

  const students: RaschStudent[] = [];
  for (let s = 0; s < S; s++) {
    const bs: number[] = [];
    let r = 0;
    for (const i of active) {
      const x = at(s, i);
      if (x == null) continue;
      bs.push(difficulty[i]!);
      r += x;
    }
    const est = warmAbility(bs, r);
    students.push({
      ability: est?.ability ?? null,
      se: est?.se ?? null,
      answered: bs.length,
      right: r,
      extreme: bs.length > 0 && (r === 0 || r === bs.length),
    });
  }

  // Fit mean squares from the students who count for the estimates, at their WLE.
  const sq = new Float64Array(items);
  const z2 = new Float64Array(items);
  const w = new Float64Array(items);
  const nFit = new Float64Array(items);
  for (let s = 0; s < S; s++) {
    if (!studentOn[s]) continue;
    const theta = students[s]!.ability!;
    for (const i of active) {
      const x = at(s, i);
      if (x == null) continue;
      const p = 1 / (1 + Math.exp(difficulty[i]! - theta));
      const v = p * (1 - p);
      sq[i] = sq[i]! + (x - p) ** 2;
      z2[i] = z2[i]! + (x - p) ** 2 / v;
      w[i] = w[i]! + v;
      nFit[i]!++;
    }
  }

  const out: RaschItem[] = [];
  for (let i = 0; i < items; i++) {
    let answered = 0;
    let right = 0;
    for (let s = 0; s < S; s++) {
      const x = at(s, i);
      if (x == null) continue;
      answered++;
      right += x;
    }
    const a = position[i]!;
    const se = a >= 0 ? fit.se[a]! : Number.NaN;
    out.push({
      difficulty: a >= 0 ? difficulty[i]! : null,
      se: Number.isFinite(se) ? se : null,
      infit: a >= 0 && w[i]! > 0 ? sq[i]! / w[i]! : null,
      outfit: a >= 0 && nFit[i]! > 0 ? z2[i]! / nFit[i]! : null,
      extreme: itemExtreme[i] === 1,
      unlinked: itemUnlinked[i] === 1,
      answered,
      right,
    });
  }
  options.onProgress?.(1);
  let estimatedStudents = 0;
  for (let s = 0; s < S; s++) estimatedStudents += studentOn[s]!;
  return {
    method: "cml",
    items: out,
    students,
    estimatedItems: k,
    estimatedStudents,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}
