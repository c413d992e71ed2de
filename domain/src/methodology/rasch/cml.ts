/**
 * Conditional maximum likelihood for the dichotomous Rasch model on an incomplete design. Students are grouped by
 * the set of items they answered (their response pattern of presence); within a group the likelihood of a
 * pattern given its raw score r is Π εᵢ^xᵢ / γ_r(ε of the group's items), which does not involve the ability.
 * Parameters are easinesses β = −b; estimates are normalized to sum 0 (eRm's `sum0`).
 */
import { elementarySymmetric, withoutItem } from "./esf.ts";
import { cholesky, choleskySolve, lowerInverse } from "./linear.ts";

/** The data cannot be calibrated (said in words a teacher can act on). */
export class RaschError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RaschError";
  }
}

/** Students who answered the same items, with how many of them reached each raw score. */
export interface DesignGroup {
  /** Indices into the estimated items. */
  items: Int32Array;
  /** Distinct raw scores present (each strictly between 0 and items.length). */
  scores: Int32Array;
  counts: Float64Array;
}

export interface CmlFit {
  easiness: Float64Array;
  /** Standard errors of the easinesses under the sum-zero constraint. */
  se: Float64Array;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

interface Evaluation {
  ll: number;
  grad: Float64Array;
  info: Float64Array | null;
}

const SINGULAR =
  "the items cannot be placed on one scale: the answers do not link them (information matrix is singular)";

/** Relative difference of two easinesses below which P(both right | r) is computed directly, not by difference. */
const CLOSE = 1e-6;

function evaluate(groups: DesignGroup[], k: number, sums: Float64Array, beta: Float64Array, full: boolean): Evaluation {
  let ll = 0;
  for (let i = 0; i < k; i++) ll += sums[i]! * beta[i]!;
  const grad = Float64Array.from(sums);
  const info = full ? new Float64Array(k * k) : null;
  for (const g of groups) {
    const m = g.items.length;
    const R = g.scores.length;
    let c = 0;
    for (let j = 0; j < m; j++) c += beta[g.items[j]!]!;
    c /= m; // scaling by the geometric mean keeps γ in range; ratios of γ do not depend on it
    const eps = new Float64Array(m);
    for (let j = 0; j < m; j++) eps[j] = Math.exp(beta[g.items[j]!]! - c);
    const gamma = elementarySymmetric(eps);
    for (let q = 0; q < R; q++) {
      const r = g.scores[q]!;
      ll -= g.counts[q]! * (Math.log(gamma[r]!) + r * c);
    }
    if (!Number.isFinite(ll))
      throw new RaschError("the test is too long or its items too far apart to calibrate in double precision");
    if (!full) continue; // a step-halving check needs the likelihood only
    // π[j][q] = P(item j right | score r_q)
    const pi = new Float64Array(m * R);
    const delta = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      withoutItem(gamma, eps[j]!, delta);
      let expected = 0;
      for (let q = 0; q < R; q++) {
        const r = g.scores[q]!;
        const p = (eps[j]! * delta[r - 1]!) / gamma[r]!;
        pi[j * R + q] = p;
        expected += g.counts[q]! * p;
      }
      grad[g.items[j]!] = grad[g.items[j]!]! - expected;
    }
    if (!info) continue;
    const counts = g.counts;
    const deltaJ = new Float64Array(m);
    const deltaJK = new Float64Array(Math.max(m - 1, 1));
    for (let j = 0; j < m; j++) {
      const a = g.items[j]!;
      let v = 0;
      for (let q = 0; q < R; q++) {
        const p = pi[j * R + q]!;
        v += g.counts[q]! * p * (1 - p);
      }
      info[a * k + a] = info[a * k + a]! + v;
      let haveDeltaJ = false;
      for (let l = j + 1; l < m; l++) {
        const b = g.items[l]!;
        const ej = eps[j]!;
        const el = eps[l]!;
        let cov = 0;
        const close = Math.abs(ej - el) <= CLOSE * Math.max(ej, el);
        if (close) {
          if (!haveDeltaJ) {
            withoutItem(gamma, ej, deltaJ);
            haveDeltaJ = true;
          }
          if (m >= 2) withoutItem(deltaJ, el, deltaJK);
        }
        for (let q = 0; q < R; q++) {
          const r = g.scores[q]!;
          const pj = pi[j * R + q]!;
          const pl = pi[l * R + q]!;
          // P(j and l right | r) = (εj πl − εl πj) / (εj − εl), from γ^(l) − γ^(j) = (εj − εl) γ^(jl)
          const both = close ? (r >= 2 ? (ej * el * deltaJK[r - 2]!) / gamma[r]! : 0) : (ej * pl - el * pj) / (ej - el);
          cov += counts[q]! * (both - pj * pl);
        }
        // One triangle only (items are in increasing order within a group); mirrored below.
        info[a * k + b] = info[a * k + b]! + cov;
      }
    }
  }
  if (info) for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) info[b * k + a] = info[a * k + b]!;
  return { ll, grad, info };
}

/** Wᵀ M W for W = [I_{k−1}; −1ᵀ]: the information of the first k−1 easinesses when the last is minus their sum. */
function reduce(info: Float64Array, k: number): Float64Array {
  const n = k - 1;
  const out = new Float64Array(n * n);
  const last = k - 1;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      out[a * n + b] = info[a * k + b]! - info[a * k + last]! - info[last * k + b]! + info[last * k + last]!;
  return out;
}

/**
 * Newton–Raphson on the conditional log-likelihood with step halving. `sums` are the items' right-answer counts
 * over the students in `groups`. Throws when the information matrix is singular (a design whose parts share no
 * items, or an item everyone in the groups got right or wrong — the caller removes those first).
 */
export function fitCml(groups: DesignGroup[], k: number, sums: Float64Array, start: Float64Array): CmlFit {
  const beta = Float64Array.from(start);
  if (k === 1)
    return {
      easiness: new Float64Array(1),
      se: new Float64Array([Number.NaN]),
      logLikelihood: 0,
      iterations: 0,
      converged: true,
    };
  const n = k - 1;
  let ev = evaluate(groups, k, sums, beta, true);
  let converged = false;
  let iterations = 0;
  for (; iterations < 100 && !converged; iterations++) {
    const l = cholesky(reduce(ev.info!, k), n);
    if (!l) throw new RaschError(SINGULAR);
    const rhs = new Float64Array(n);
    for (let a = 0; a < n; a++) rhs[a] = ev.grad[a]! - ev.grad[n]!;
    const eta = choleskySolve(l, n, rhs);
    const step = new Float64Array(k);
    let sum = 0;
    for (let a = 0; a < n; a++) {
      step[a] = eta[a]!;
      sum += eta[a]!;
    }
    step[n] = -sum;
    // Step halving: the log-likelihood is concave, so a shorter step along Newton's direction always gains.
    let t = 1;
    let next = beta;
    for (let h = 0; h < 40; h++) {
      next = beta.map((b, i) => b + t * step[i]!);
      if (evaluate(groups, k, sums, next, false).ll >= ev.ll - 1e-12 * Math.abs(ev.ll)) break;
      t /= 2;
    }
    let change = 0;
    for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(next[i]! - beta[i]!));
    beta.set(next);
    ev = evaluate(groups, k, sums, beta, true);
    if (change < 1e-10) converged = true;
  }
  const l = cholesky(reduce(ev.info!, k), n);
  if (!l) throw new RaschError(SINGULAR);
  // Cov(η) = (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹: its diagonal is the column sums of squares of L⁻¹, and the last easiness
  // (minus the sum of the others) has variance 1ᵀ Cov 1 = ‖L⁻¹ 1‖².
  const inv = lowerInverse(l, n);
  const se = new Float64Array(k);
  for (let a = 0; a < n; a++) {
    let v = 0;
    for (let r = a; r < n; r++) v += inv[r * n + a]! ** 2;
    se[a] = Math.sqrt(v);
  }
  let lastVar = 0;
  for (let r = 0; r < n; r++) {
    let row = 0;
    for (let c = 0; c <= r; c++) row += inv[r * n + c]!;
    lastVar += row * row;
  }
  se[n] = Math.sqrt(lastVar);
  return { easiness: beta, se, logLikelihood: ev.ll, iterations, converged };
}
