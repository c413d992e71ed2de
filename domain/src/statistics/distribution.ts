/**
 * What students answered: option distribution for choice items (with the top and bottom 27 % by total, as in
 * Canvas's distractor view) and response groups for typed answers (Moodle's response analysis, with reasons).
 */

/** One attempt's answer to a choice item. */
export interface ChoiceAnswer {
  /** The attempt total T, used to rank attempts into the top and bottom groups. */
  total: number;
  /** Option ids chosen; empty when the item was left blank. */
  selected: readonly string[];
}

export interface OptionShare {
  option: string;
  count: number;
  /** Share of all attempts that chose the option (with several answers allowed, shares may sum above 1). */
  share: number | null;
  topShare: number | null;
  bottomShare: number | null;
}

export interface OptionDistribution {
  n: number;
  /** Attempts in each of the top and bottom groups: round(27 % of n), at least 1 when n > 0. */
  groupSize: number;
  options: OptionShare[];
  /** Attempts that chose nothing. */
  blank: Omit<OptionShare, "option">;
}

export const EXTREME_GROUP_SHARE = 0.27;

/**
 * Shares per option, in the order of `optionIds`, followed by any option id seen in the answers but not listed
 * (so that nothing is silently dropped). Attempts tied at a group's boundary are taken in input order, which
 * keeps the result deterministic.
 */
export function optionDistribution(
  answers: readonly ChoiceAnswer[],
  optionIds: readonly string[] = [],
): OptionDistribution {
  const n = answers.length;
  const groupSize = n === 0 ? 0 : Math.max(1, Math.round(EXTREME_GROUP_SHARE * n));
  const ranked = answers.map((_, k) => k).sort((a, b) => answers[a]!.total - answers[b]!.total || a - b);
  const bottom = new Set(ranked.slice(0, groupSize));
  const top = new Set(ranked.slice(n - groupSize));

  const ids = [...optionIds];
  const counts = new Map<string, [number, number, number]>(ids.map((id) => [id, [0, 0, 0]]));
  const blank: [number, number, number] = [0, 0, 0];
  answers.forEach((a, k) => {
    const bump = (c: [number, number, number]) => {
      c[0]++;
      if (top.has(k)) c[1]++;
      if (bottom.has(k)) c[2]++;
    };
    if (a.selected.length === 0) bump(blank);
    for (const id of new Set(a.selected)) {
      let c = counts.get(id);
      if (!c) {
        c = [0, 0, 0];
        counts.set(id, c);
        ids.push(id);
      }
      bump(c);
    }
  });
  const ratio = (c: number, d: number) => (d > 0 ? c / d : null);
  const shares = (c: [number, number, number]) => ({
    count: c[0],
    share: ratio(c[0], n),
    topShare: ratio(c[1], groupSize),
    bottomShare: ratio(c[2], groupSize),
  });
  return {
    n,
    groupSize,
    options: ids.map((id) => ({ option: id, ...shares(counts.get(id)!) })),
    blank: shares(blank),
  };
}

/** The verdicts of grading.md. */
export type ResponseVerdict = "correct" | "accepted_with_typo" | "incorrect" | "blank";

/** One typed answer, already normalized by the grading module. */
export interface TypedResponse {
  response: string;
  verdict: ResponseVerdict;
  categories?: readonly string[];
}

export interface ResponseGroup {
  response: string;
  count: number;
  share: number;
  /** The most frequent verdict of the group (ties: the first seen). */
  verdict: ResponseVerdict;
  /** Error categories seen in the group, most frequent first. */
  categories: string[];
}

/** Distinct responses, most frequent first (ties: alphabetical), optionally only the first `limit`. */
export function responseGroups(responses: readonly TypedResponse[], options: { limit?: number } = {}): ResponseGroup[] {
  const groups = new Map<
    string,
    { count: number; verdicts: Map<ResponseVerdict, number>; cats: Map<string, number> }
  >();
  for (const r of responses) {
    let g = groups.get(r.response);
    if (!g) {
      g = { count: 0, verdicts: new Map(), cats: new Map() };
      groups.set(r.response, g);
    }
    g.count++;
    g.verdicts.set(r.verdict, (g.verdicts.get(r.verdict) ?? 0) + 1);
    for (const c of new Set(r.categories ?? [])) g.cats.set(c, (g.cats.get(c) ?? 0) + 1);
  }
  const total = responses.length;
  const out: ResponseGroup[] = [...groups].map(([response, g]) => ({
    response,
    count: g.count,
    share: g.count / total,
    verdict: mostFrequent(g.verdicts),
    categories: [...g.cats].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c),
  }));
  out.sort((a, b) => b.count - a.count || (a.response < b.response ? -1 : a.response > b.response ? 1 : 0));
  return options.limit === undefined ? out : out.slice(0, options.limit);
}

function mostFrequent<K>(counts: Map<K, number>): K {
  let best: K | undefined;
  let bestCount = -1;
  for (const [k, c] of counts) {
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  return best as K;
}
