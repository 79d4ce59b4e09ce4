/**
 * The Pareto shape k̂ of the upper tail of importance weights (Zhang & Stephens 2009, as used by
 * Pareto-smoothed importance sampling, Vehtari et al. 2024): the diagnostic of whether an average
 * of weights has a finite variance (k < ½) and is usable at all (k̂ < 0.7).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/**
 * Fits a generalized Pareto distribution to the exceedances of the M largest of `values` over
 * the (M+1)-th largest, M = min(⌈n/5⌉, ⌈3√n⌉), and returns its shape k̂ (with the weakly
 * informative prior of PSIS that shrinks k̂ towards ½ by 10 pseudo-observations). A tail with
 * shape k has moments of order < 1/k only: k ≥ ½ means an infinite variance (a mean of such
 * weights converges slower than 1/√n and its standard error is meaningless), k ≥ 1 an infinite
 * mean. Bounded weights have k < 0.
 *
 * ```text
 * θ_j = 1/x_(M) + (1 − √(m/(j − ½))) / (3 x_(⌊M/4+½⌋)),   j = 1 … m = 30 + ⌊√M⌋
 * k(θ) = mean log(1 − θ x),   ℓ(θ) = M (log(−θ/k(θ)) − k(θ) − 1)
 * θ̂ = Σ_j θ_j w_j,  w_j ∝ exp ℓ(θ_j);   k̂ = mean log(1 − θ̂ x),   k̂ ← (M k̂ + 5) / (M + 10)
 * ```
 * Returns NaN for fewer than 10 values, or a tail that is constant (all exceedances zero).
 *
 * @example
 * ```ts
 * const k = paretoK(weights); // > 0.7: the weights' average is not to be trusted
 * ```
 * @category MCMC diagnostics
 */
export function paretoK(values: ArrayLike<number>): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i] as number)) throw new ArgumentError('paretoK', 'values', `entry ${i} is NaN`);
  }
  if (n < 10) return NaN;
  const sorted = Float64Array.from(values).sort();
  const m = Math.min(Math.ceil(n / 5), Math.ceil(3 * Math.sqrt(n)));
  const threshold = sorted[n - m - 1] as number;
  const x = Float64Array.from({ length: m }, (_, i) => (sorted[n - m + i] as number) - threshold);
  const xMax = x[m - 1] as number;
  if (!(xMax > 0) || !Number.isFinite(xMax)) return xMax === Infinity ? Infinity : NaN;
  const quartile = x[Math.max(0, Math.floor(m / 4 + 0.5) - 1)] as number;
  const grid = 30 + Math.floor(Math.sqrt(m));
  const kOf = (theta: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.log1p(-theta * (x[i] as number));
    return s / m;
  };
  const thetas = Float64Array.from({ length: grid }, (_, j) => 1 / xMax + (1 - Math.sqrt(grid / (j + 0.5))) / (3 * (quartile > 0 ? quartile : xMax)));
  const logLik = thetas.map((theta) => {
    const k = kOf(theta);
    return m * (Math.log(-theta / k) - k - 1);
  });
  // Weights exp ℓ_j / Σ exp ℓ; entries with a non-finite profile likelihood get weight 0.
  let best = -Infinity;
  for (const l of logLik) if (Number.isFinite(l)) best = Math.max(best, l);
  let total = 0;
  let thetaHat = 0;
  thetas.forEach((theta, j) => {
    const l = logLik[j] as number;
    const w = Number.isFinite(l) ? Math.exp(l - best) : 0;
    total += w;
    thetaHat += w * theta;
  });
  thetaHat /= total;
  const k = kOf(thetaHat);
  return (m * k + 10 * 0.5) / (m + 10);
}
