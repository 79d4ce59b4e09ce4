/**
 * The chi-square distribution's cdf and quantile in double precision: the probability mass of a
 * Gaussian inside the ellipsoid of Mahalanobis radius r is F_{χ²_d}(r²), the normalizing constant
 * of the truncated q of {@link mcmcLogMarginal}.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/** log Γ(d/2) for a positive integer d, exactly: Γ(k) = (k−1)!, Γ(k + ½) = √π (2k)! / (4^k k!). */
function logGammaHalf(d: number): number {
  let s = d % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  // Γ(a + 1) = a Γ(a), from Γ(1) = 1 or Γ(½) = √π up to Γ(d/2).
  for (let a = d % 2 === 0 ? 1 : 0.5; a < d / 2; a += 1) s += Math.log(a);
  return s;
}

/**
 * P(χ²_d ≤ x): the regularized lower incomplete gamma P(d/2, x/2), by its power series below
 * a + 1 and by the continued fraction of the upper tail (modified Lentz) above.
 *
 * ```text
 * P(a, y) = y^a e^{−y} / Γ(a+1) · Σ_n yⁿ / ((a+1)…(a+n))        (y < a + 1)
 * Q(a, y) = y^a e^{−y} / Γ(a) · 1/(y+1−a− 1·(1−a)/(y+3−a− …))   (y ≥ a + 1),   P = 1 − Q
 * ```
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
  const a = d / 2;
  const y = x / 2;
  const pre = Math.exp(a * Math.log(y) - y - logGammaHalf(d));
  if (y < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= y / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.min(1, sum * pre);
  }
  const tiny = 1e-300;
  let b = y + 1 - a;
  let c = 1 / tiny;
  let dd = 1 / b;
  let h = dd;
  for (let n = 1; n < 1000; n++) {
    const an = -n * (n - a);
    b += 2;
    dd = an * dd + b;
    if (Math.abs(dd) < tiny) dd = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    dd = 1 / dd;
    const delta = dd * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - pre * h);
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
