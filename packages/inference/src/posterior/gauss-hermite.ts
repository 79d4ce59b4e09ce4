/**
 * Gauss–Hermite quadrature: expectations of functions of a Normal variable without sampling.
 *
 * @module
 */

/**
 * Nodes `x_i` and weights `w_i` of the n-point Gauss–Hermite rule,
 *
 * ```text
 * ∫ f(x) e^(−x²) dx ≈ Σ_i w_i f(x_i),     exact for polynomials of degree < 2n,
 * E[g(X)], X ~ N(μ, σ²)  ≈  π^(−1/2) Σ_i w_i g(μ + √2 σ x_i),
 * ```
 *
 * computed by Newton's method on the orthonormal Hermite polynomials from the classical
 * asymptotic starting points, in float64.
 *
 * @internal
 */
export function gaussHermite(n: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    // Starting points for the largest roots, then extrapolation from the previous two.
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** (-1 / 6);
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * (nodes[0] as number);
    else if (i === 3) z = 1.91 * z - 0.91 * (nodes[1] as number);
    else z = 2 * z - (nodes[i - 2] as number);
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // p_j: orthonormal Hermite polynomials at z, by their three-term recurrence.
      let p1 = Math.PI ** -0.25;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      dp = Math.sqrt(2 * n) * p2;
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    weights[i] = 2 / (dp * dp);
    weights[n - 1 - i] = weights[i] as number;
  }
  return { nodes, weights };
}
