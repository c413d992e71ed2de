/**
 * Warm's weighted likelihood estimate of a student's ability given item difficulties: the root of
 * Σᵢ (xᵢ − Pᵢ(θ)) + J(θ) / (2 I(θ)) = 0 with I = Σ Pᵢ(1 − Pᵢ), J = Σ Pᵢ(1 − Pᵢ)(1 − 2Pᵢ), standard error 1/√I(θ).
 * Unlike the maximum likelihood estimate it is finite for all-right and all-wrong students, which is why the scale
 * uses it: a student who got everything right still gets a place on the scale, with a wide interval.
 */

export interface AbilityEstimate {
  ability: number;
  se: number;
}

function terms(theta: number, difficulties: ArrayLike<number>, right: number) {
  let p = 0;
  let info = 0;
  let j = 0;
  let dj = 0;
  for (let i = 0; i < difficulties.length; i++) {
    const pi = 1 / (1 + Math.exp(difficulties[i]! - theta));
    const w = pi * (1 - pi);
    p += pi;
    info += w;
    j += w * (1 - 2 * pi);
    dj += w * (1 - 6 * pi + 6 * pi * pi);
  }
  const f = right - p + j / (2 * info);
  const df = -info + (dj * info - j * j) / (2 * info * info);
  return { f, df, info };
}

/** Warm's equation at θ (exported for tests and for plots of the estimating function). */
export function warmEquation(theta: number, difficulties: ArrayLike<number>, right: number): number {
  return terms(theta, difficulties, right).f;
}

/**
 * WLE of θ for a student with `right` right answers on items of the given difficulties (the Rasch model makes the
 * raw score sufficient, so which items were right does not matter). Safeguarded Newton inside a bracket.
 */
export function warmAbility(difficulties: ArrayLike<number>, right: number): AbilityEstimate | null {
  const n = difficulties.length;
  if (n === 0 || right < 0 || right > n) return null;
  let lo = -1;
  let hi = 1;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, difficulties[i]!);
    max = Math.max(max, difficulties[i]!);
  }
  lo = min - 1;
  hi = max + 1;
  // f decreases through its root; widen until the bracket holds it (WLE of an all-right student lies a few
  // logits beyond the easiest item, never at infinity).
  for (let k = 0; k < 60 && terms(lo, difficulties, right).f < 0; k++) lo -= 2 ** k;
  for (let k = 0; k < 60 && terms(hi, difficulties, right).f > 0; k++) hi += 2 ** k;
  let theta = (lo + hi) / 2;
  for (let it = 0; it < 200; it++) {
    const { f, df } = terms(theta, difficulties, right);
    if (f === 0) break;
    if (f > 0) lo = theta;
    else hi = theta;
    let next = theta - f / df;
    if (!(df < 0) || !(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - theta) < 1e-12 || hi - lo < 1e-12) {
      theta = next;
      break;
    }
    theta = next;
  }
  const { info } = terms(theta, difficulties, right);
  return { ability: theta, se: 1 / Math.sqrt(info) };
}
