/**
 * Elementary symmetric functions of the item easinesses ε, the building block of conditional maximum likelihood:
 * γ_r(ε) is the sum over every set of r items of the product of their ε. Everything here adds positive numbers
 * only, or subtracts where the subtraction is well conditioned, so the values stay accurate for long tests.
 */

/** γ_0..γ_m of `eps` by the summation algorithm (O(m²), positive terms only). */
export function elementarySymmetric(eps: ArrayLike<number>): Float64Array {
  const m = eps.length;
  const g = new Float64Array(m + 1);
  g[0] = 1;
  for (let j = 0; j < m; j++) {
    const e = eps[j]!;
    for (let r = j + 1; r >= 1; r--) g[r] = g[r]! + e * g[r - 1]!;
  }
  return g;
}

/**
 * γ with one item of easiness `e` left out, from γ of all items (length m+1 → m). Deconvolution upwards
 * (δ_r = γ_r − e δ_{r−1}) is accurate while the item is more likely wrong than right at score r, and downwards
 * (δ_{r−1} = (γ_r − δ_r) / e) once it is more likely right; the two runs meet where that probability crosses 1/2,
 * so no step ever subtracts two nearly equal numbers.
 */
export function withoutItem(gamma: Float64Array, e: number, out = new Float64Array(gamma.length - 1)): Float64Array {
  const m = gamma.length - 1;
  out[0] = 1;
  let t = m; // first score the upward run must not compute
  for (let r = 1; r < m; r++) {
    const carried = e * out[r - 1]!;
    if (carried > gamma[r]! / 2) {
      t = r;
      break;
    }
    out[r] = gamma[r]! - carried;
  }
  if (t < m) {
    out[m - 1] = gamma[m]! / e;
    for (let r = m - 1; r > t; r--) out[r - 1] = (gamma[r]! - out[r]!) / e;
  }
  return out;
}
