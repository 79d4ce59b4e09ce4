/**
 * The reference posterior of Bayesian logistic regression, computed in plain numbers
 * (independently of TF.js and of the fit): the Laplace approximation by Newton's method and
 * the posterior mean by self-normalized importance sampling from an inflated Laplace proposal.
 *
 * @module
 */
import { inverse, matVec, type Matrix } from './linalg.js';
import { Rng } from './rng.js';

/** The Laplace approximation and the importance-sampled posterior mean. @category Gallery */
export interface LogisticReference {
  /** The posterior mode (MAP). */
  readonly mode: number[];
  /** Laplace covariance: the inverse Hessian of −log p(w | y) at the mode. */
  readonly laplaceCov: Matrix;
  /** Importance-sampled posterior mean. */
  readonly mean: number[];
  /** Its standard errors (delta method for the self-normalized estimator). */
  readonly meanSe: number[];
  /** Importance-sampled posterior standard deviations. */
  readonly sd: number[];
  /** Effective sample size (Σw)²/Σw². */
  readonly ess: number;
}

/** log p(w) + Σ log p(y_n | x_n, w) with w ~ N(0, s0² I), y ~ Bernoulli(sigmoid(x·w)). */
function logJoint(x: Matrix, y: readonly number[], w: readonly number[], s0: number): number {
  let lp = -0.5 * w.reduce((s, v) => s + v * v, 0) / (s0 * s0);
  x.forEach((row, n) => {
    const a = row.reduce((s, v, k) => s + v * (w[k] as number), 0);
    // log sigmoid(a) if y = 1, log sigmoid(−a) if y = 0, computed stably.
    const t = y[n] === 1 ? a : -a;
    lp += t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t));
  });
  return lp;
}

/**
 * Newton's method for the mode, then `draws` samples from N(mode, inflate²·H⁻¹) weighted by
 * p(w, y)/q(w) (self-normalized).
 *
 * @category Gallery
 */
export function logisticReference(x: Matrix, y: readonly number[], priorSd: number, draws = 40000, seed = 17, inflate = 1.5): LogisticReference {
  const d = x[0]?.length ?? 0;
  let w = new Array<number>(d).fill(0);
  let hInv: Matrix = [];
  for (let it = 0; it < 50; it++) {
    const g = w.map((v) => -v / priorSd ** 2);
    const h: Matrix = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 / priorSd ** 2 : 0)));
    x.forEach((row, n) => {
      const p = 1 / (1 + Math.exp(-row.reduce((s, v, k) => s + v * (w[k] as number), 0)));
      for (let i = 0; i < d; i++) {
        g[i] = (g[i] as number) + ((y[n] as number) - p) * (row[i] as number);
        for (let j = 0; j < d; j++) h[i]![j] = h[i]![j]! + p * (1 - p) * (row[i] as number) * (row[j] as number);
      }
    });
    hInv = inverse(h);
    const step = matVec(hInv, g);
    w = w.map((v, i) => v + (step[i] as number));
    if (Math.hypot(...step) < 1e-12) break;
  }
  const chol = cholesky(hInv.map((r) => r.map((v) => v * inflate * inflate)));
  const rng = new Rng(seed);
  const samples: number[][] = [];
  const logW: number[] = [];
  for (let s = 0; s < draws; s++) {
    const e = Array.from({ length: d }, () => rng.normal());
    const u = matVec(chol, e);
    const v = w.map((m, i) => m + (u[i] as number));
    // log q up to a constant: −½|e|²; the constants cancel in self-normalization.
    logW.push(logJoint(x, y, v, priorSd) + 0.5 * e.reduce((a, b) => a + b * b, 0));
    samples.push(v);
  }
  const maxW = Math.max(...logW);
  const wts = logW.map((l) => Math.exp(l - maxW));
  const sw = wts.reduce((a, b) => a + b, 0);
  const mean = Array.from({ length: d }, (_, k) => samples.reduce((s, v, i) => s + (wts[i] as number) * (v[k] as number), 0) / sw);
  const sd = mean.map((m, k) => Math.sqrt(samples.reduce((s, v, i) => s + (wts[i] as number) * ((v[k] as number) - m) ** 2, 0) / sw));
  const meanSe = mean.map((m, k) => Math.sqrt(samples.reduce((s, v, i) => s + (wts[i] as number) ** 2 * ((v[k] as number) - m) ** 2, 0)) / sw);
  const ess = sw ** 2 / wts.reduce((a, b) => a + b * b, 0);
  return { mode: w, laplaceCov: hInv, mean, meanSe, sd, ess };
}

/** Lower Cholesky factor of a symmetric positive-definite matrix. */
function cholesky(a: Matrix): Matrix {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  return l;
}
