/**
 * Bayesian linear regression with the full-rank guide; known answer: the conjugate Gaussian posterior.
 *
 * @module
 */
import { model, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Independent, Normal } from '@aevb/distributions';
import { mvnCovariance, replicateRow, replicatedMvnTails } from './fit-steps.js';
import { inverse, matMul, matVec, transpose, type Matrix } from './linalg.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Noise standard deviation (known) and prior standard deviation of the weights. */
const NOISE = 0.5;
const PRIOR = 1;
/** True weights of the synthetic data. */
const TRUE_W = [1.0, -0.5, 0.3];

/** The data: design `x` [N, D] and responses `y` [N]. @category Gallery */
export type RegressionData = {
  /** Design matrix. */
  readonly x: Tensor2D;
  /** Responses. */
  readonly y: Tensor1D;
};

/**
 * `w ~ N(0, I)`, `y_n | w ~ N(x_n·w, 0.5²)`.
 *
 * @category Gallery
 */
export const linearRegressionModel = model('linear-regression', { w: 1 }, (ctx, data: RegressionData) => {
  const d = data.x.shape[1];
  const w = ctx.sample('w', new Independent(new Normal(tf.zeros([d]), tf.fill([d], PRIOR)), 1));
  ctx.plate('data', data.y.shape[0], () => {
    const mean = tf.squeeze(tf.matMul(data.x, tf.reshape(w, [d, 1])), [1]);
    ctx.observe('y', new Normal(mean, tf.fill(mean.shape, NOISE)), data.y);
  });
});

/** Synthetic data with correlated regressors (plain arrays). @category Gallery */
export function regressionArrays(n: number, seed = 7): { x: Matrix; y: number[] } {
  const rng = new Rng(seed);
  const x: Matrix = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const row = [a, 0.8 * a + 0.6 * rng.normal(), rng.normal()];
    x.push(row);
    y.push(row.reduce((s, v, k) => s + v * (TRUE_W[k] as number), 0) + NOISE * rng.normal());
  }
  return { x, y };
}

/** Exact posterior N(m, S): S = (I/s0² + XᵀX/σ²)⁻¹, m = S Xᵀy/σ². @category Gallery */
export function regressionPosterior(x: Matrix, y: readonly number[]): { mean: number[]; cov: Matrix } {
  const xt = transpose(x);
  const prec = matMul(xt, x).map((row, i) => row.map((v, j) => v / NOISE ** 2 + (i === j ? 1 / PRIOR ** 2 : 0)));
  const cov = inverse(prec);
  const mean = matVec(cov, matVec(xt, y).map((v) => v / NOISE ** 2));
  return { mean, cov };
}

/**
 * The exact log evidence of the regression: y ~ N(0, NOISE² I + PRIOR² X Xᵀ) with w integrated
 * out (Cholesky factor of the n × n covariance).
 *
 * @example
 * ```ts
 * const a = regressionArrays(40);
 * regressionLogEvidence(a.x, a.y);
 * ```
 * @category Gallery
 */
export function regressionLogEvidence(x: Matrix, y: readonly number[]): number {
  const n = y.length;
  const cov = matMul(x, transpose(x)).map((row, i) => row.map((v, j) => PRIOR ** 2 * v + (i === j ? NOISE ** 2 : 0)));
  const l: number[][] = cov.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  // Solve L r = y; log N = −½ (n log 2π + 2 Σ log L_ii + |r|²).
  const r = new Array<number>(n).fill(0);
  let logDet = 0;
  let quad = 0;
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * r[k]!;
    r[i] = s / l[i]![i]!;
    logDet += Math.log(l[i]![i]!);
    quad += r[i]! ** 2;
  }
  return -0.5 * (n * Math.log(2 * Math.PI) + quad) - logDet;
}

/** Independent fits whose spread gives the standard errors (see `replicateRow`). */
const REPLICATES = 5;

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const arrays = regressionArrays(40);
  const data = { x: tf.tensor2d(arrays.x), y: tf.tensor1d(arrays.y) };
  // The step budget is shared by the replicates.
  const d = arrays.x[0]!.length;
  const tails = await replicatedMvnTails(linearRegressionModel, data, d, options.steps ?? entry.defaultSteps, REPLICATES, options);
  tf.dispose([data.x, data.y]);
  const ex = regressionPosterior(arrays.x, arrays.y);
  const cov = (v: readonly number[], i: number, j: number): number => mvnCovariance(v, d)[i]![j]!;
  const rows = [];
  for (let i = 0; i < d; i++) {
    rows.push(replicateRow(`E[w${i}]`, ex.mean[i] as number, tails, (v) => v[i] as number));
    rows.push(replicateRow(`sd[w${i}]`, Math.sqrt(ex.cov[i]![i]!), tails, (v) => Math.sqrt(cov(v, i, i))));
  }
  const corr = (c: (i: number, j: number) => number): number => c(0, 1) / Math.sqrt(c(0, 0) * c(1, 1));
  rows.push(replicateRow('corr[w0, w1]', corr((i, j) => ex.cov[i]![j]!), tails, (v) => corr((i, j) => cov(v, i, j))));
  return { rows, metrics: {}, files: [] };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'linear-regression',
  summary: 'Bayesian linear regression, full-rank guide vs the closed-form Gaussian posterior',
  defaultSteps: 1500,
  run,
  graph: () => {
    const a = regressionArrays(5);
    return { model: linearRegressionModel , args: [{ x: tf.tensor2d(a.x), y: tf.tensor1d(a.y) }] };
  },
};
export { entry as linearRegression };
