/**
 * A Gaussian restricted to an ellipsoid of its own covariance and renormalized exactly: the
 * light-tailed q of the truncated reciprocal importance estimator (Gelfand & Dey 1994 with
 * Geweke's 1999 truncation).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { chiSquareCdf, chiSquareQuantile } from './chi-square.js';
import type { GaussianDensity } from './gaussian-fit.js';

/** A Gaussian density truncated to {x : (x − m)ᵀ S⁻¹ (x − m) ≤ r²}. @category MCMC */
export interface TruncatedGaussianDensity extends GaussianDensity {
  /** The squared Mahalanobis radius r² of the ellipsoid. */
  readonly radius2: number;
  /** The untruncated Gaussian's mass inside the ellipsoid, F_{χ²_d}(r²). */
  readonly mass: number;
}

/**
 * Restricts `q` = N(m, S) to the ellipsoid holding `probability` of its mass and renormalizes:
 *
 * ```text
 * r² = F⁻¹_{χ²_d}(probability),   q_T(x) = N(x; m, S) · 1[(x − m)ᵀ S⁻¹ (x − m) ≤ r²] / F_{χ²_d}(r²)
 * ```
 * q_T integrates to 1 exactly (the mass is the chi-square cdf at r², evaluated in double
 * precision), and its support is bounded, so q_T / p is bounded wherever p is positive and
 * continuous on the ellipsoid.
 *
 * @example
 * ```ts
 * const qt = truncateGaussian(fitGaussian(points, n, d), 0.5);
 * qt.logDensity(x); // −∞ outside the ellipsoid
 * ```
 * @category MCMC
 */
export function truncateGaussian(q: GaussianDensity, probability: number): TruncatedGaussianDensity {
  if (!(probability > 0 && probability <= 1)) throw new ArgumentError('truncateGaussian', 'probability', `must lie in (0, 1], got ${probability}`);
  const radius2 = probability === 1 ? Infinity : chiSquareQuantile(probability, q.dim);
  const mass = chiSquareCdf(radius2, q.dim);
  const logMass = Math.log(mass);
  return {
    dim: q.dim,
    mean: q.mean,
    covariance: q.covariance,
    radius2,
    mass,
    squaredDistance: (x) => q.squaredDistance(x),
    logDensity(x) {
      return q.squaredDistance(x) <= radius2 ? q.logDensity(x) - logMass : -Infinity;
    },
  };
}
