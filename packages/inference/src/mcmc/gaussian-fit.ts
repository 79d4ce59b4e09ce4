/**
 * A multivariate Gaussian fitted to points by their mean and covariance (plain arrays, double
 * precision): the density q(z) of the paper's marginal-likelihood estimator.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/**
 * A fitted Gaussian N(mean, covariance) with its log-density.
 *
 * @category MCMC
 */
export interface GaussianDensity {
  /** Dimension d. */
  readonly dim: number;
  /** The mean, [d]. */
  readonly mean: Float64Array;
  /** The covariance, row-major [d, d]. */
  readonly covariance: Float64Array;
  /** log N(x; mean, covariance) of a point x of length d. */
  logDensity(x: ArrayLike<number>): number;
  /** The squared Mahalanobis distance (x − mean)ᵀ covariance⁻¹ (x − mean) of a point x of length d. */
  squaredDistance(x: ArrayLike<number>): number;
}

/**
 * The Gaussian with the sample mean and sample covariance (divisor n − 1) of `n` points given
 * row-major in `points` ([n, d]):
 *
 * ```text
 * m = 1/n Σ z_l,   S = 1/(n−1) Σ (z_l − m)(z_l − m)ᵀ = L Lᵀ
 * log q(x) = −d/2 log 2π − Σ_i log L_ii − ½ |L⁻¹ (x − m)|²
 * ```
 * Throws when there are not more points than dimensions or S is not positive definite (a
 * coordinate that never moved).
 *
 * @example
 * ```ts
 * const q = fitGaussian(Float64Array.from([0, 1, 1, 0, 2, 2]), 3, 2);
 * q.logDensity([1, 1]);
 * ```
 * @category MCMC
 */
export function fitGaussian(points: ArrayLike<number>, n: number, d: number): GaussianDensity {
  if (!Number.isInteger(d) || d < 1) throw new ArgumentError('fitGaussian', 'd', `must be a positive integer, got ${d}`);
  if (!Number.isInteger(n) || n <= d) throw new ArgumentError('fitGaussian', 'n', `must exceed the dimension ${d} (a covariance needs more points than dimensions), got ${n}`);
  if (points.length !== n * d) throw new ArgumentError('fitGaussian', 'points', `has ${points.length} entries, expected n·d = ${n * d}`);
  const mean = new Float64Array(d);
  for (let l = 0; l < n; l++) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (points[l * d + i] as number) / n;
  const cov = new Float64Array(d * d);
  for (let l = 0; l < n; l++) {
    for (let i = 0; i < d; i++) {
      const a = (points[l * d + i] as number) - (mean[i] as number);
      for (let j = 0; j <= i; j++) cov[i * d + j] = (cov[i * d + j] as number) + (a * ((points[l * d + j] as number) - (mean[j] as number))) / (n - 1);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[j * d + i] = cov[i * d + j] as number;
  // Cholesky factor L (lower, row-major).
  const chol = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (chol[i * d + k] as number) * (chol[j * d + k] as number);
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) throw new ArgumentError('fitGaussian', 'points', `give a covariance that is not positive definite (coordinate ${i} has no variance left)`);
        chol[i * d + i] = Math.sqrt(s);
      } else chol[i * d + j] = s / (chol[j * d + j] as number);
    }
  }
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += Math.log(chol[i * d + i] as number);
  const constant = -0.5 * d * Math.log(2 * Math.PI) - logDet;
  const y = new Float64Array(d);
  return {
    dim: d,
    mean,
    covariance: cov,
    logDensity(x) {
      return constant - 0.5 * this.squaredDistance(x);
    },
    squaredDistance(x) {
      if (x.length !== d) throw new ArgumentError('GaussianDensity', 'x', `has length ${x.length}, expected ${d}`);
      let q = 0;
      for (let i = 0; i < d; i++) {
        let s = (x[i] as number) - (mean[i] as number);
        for (let k = 0; k < i; k++) s -= (chol[i * d + k] as number) * (y[k] as number);
        y[i] = s / (chol[i * d + i] as number);
        q += (y[i] as number) ** 2;
      }
      return q;
    },
  };
}
