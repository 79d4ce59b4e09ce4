/**
 * The chi-square distribution's cdf and quantile in double precision: the probability mass of a
 * Gaussian inside the ellipsoid of Mahalanobis radius r is F_{χ²_d}(r²), the normalizing constant
 * of the truncated q of {@link mcmcLogMarginal}.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { regularizedGammaP } from '@aevb/distributions/special';

/** log Γ(d/2) for a positive integer d, exactly: Γ(k) = (k−1)!, Γ(k + ½) = √π (2k)! / (4^k k!). */
function logGammaHalf(d: number): number {
  let s = d % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  // Γ(a + 1) = a Γ(a), from Γ(1) = 1 or Γ(½) = √π up to Γ(d/2).
  for (let a = d % 2 === 0 ? 1 : 0.5; a < d / 2; a += 1) s += Math.log(a);
  return s;
}

/**
 * P(χ²_d ≤ x): the regularized lower incomplete gamma P(d/2, x/2)
 * (`regularizedGammaP` of `@aevb/distributions/special`), with log Γ(d/2) exact.
 *
 * @example
 * ```ts
 * chiSquareCdf(3.841458820694124, 1); // 0.95
 * ```
 * @category MCMC
 */
export function chiSquareCdf(x: number, d: number): number {
  if (!Number.isInteger(d) || d < 1) throw new ArgumentError('chiSquareCdf', 'd', `must be a positive integer, got ${d}`);
  if (Number.isNaN(x)) throw new ArgumentError('chiSquareCdf', 'x', 'is NaN');
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return Math.min(1, Math.max(0, regularizedGammaP(d / 2, x / 2, logGammaHalf(d))));
}

/**
 * The p-quantile of χ²_d (bisection on {@link chiSquareCdf} to 1e-12 relative).
 *
 * @example
 * ```ts
 * chiSquareQuantile(0.95, 1); // 3.8414588…
 * ```
 * @category MCMC
 */
export function chiSquareQuantile(p: number, d: number): number {
  if (!(p > 0 && p < 1)) throw new ArgumentError('chiSquareQuantile', 'p', `must lie in (0, 1), got ${p}`);
  let lo = 0;
  let hi = Math.max(1, 2 * d);
  while (chiSquareCdf(hi, d) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (chiSquareCdf(mid, d) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
