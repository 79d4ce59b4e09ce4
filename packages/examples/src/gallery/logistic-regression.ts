/**
 * Bayesian logistic regression on synthetic data with known coefficients, full-rank guide;
 * known answer: the importance-sampled posterior mean (logistic-reference.ts).
 *
 * @module
 */
import { model, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Bernoulli, Independent, Normal } from '@aevb/distributions';
import { mvnCovariance, replicateRow, replicatedMvnTails } from './fit-steps.js';
import type { Matrix } from './linalg.js';
import { logisticReference } from './logistic-reference.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Prior standard deviation of the coefficients. @category Gallery */
export const LOGISTIC_PRIOR_SD = 2;
/** True coefficients (intercept first) of the synthetic data. */
const TRUE_W = [-0.5, 1.5, -1.0];

/** Design (with an intercept column) and 0/1 labels. @category Gallery */
export type LogisticData = {
  /** Design matrix [N, 3]. */
  readonly x: Tensor2D;
  /** Labels [N]. */
  readonly y: Tensor1D;
};

/** `w ~ N(0, 2² I)`, `y_n | w ~ Bernoulli(sigmoid(x_n·w))`. @category Gallery */
export const logisticRegressionModel = model('logistic-regression', { w: 1 }, (ctx, data: LogisticData) => {
  const d = data.x.shape[1];
  const w = ctx.sample('w', new Independent(new Normal(tf.zeros([d]), tf.fill([d], LOGISTIC_PRIOR_SD)), 1));
  ctx.plate('data', data.y.shape[0], () => {
    const logits = tf.squeeze(tf.matMul(data.x, tf.reshape(w, [d, 1])), [1]);
    ctx.observe('y', new Bernoulli({ logits }), data.y);
  });
});

/** Synthetic data from the true coefficients (plain arrays). @category Gallery */
export function logisticArrays(n: number, seed = 13): { x: Matrix; y: number[] } {
  const rng = new Rng(seed);
  const x: Matrix = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [1, rng.normal(), rng.normal()];
    const a = row.reduce((s, v, k) => s + v * (TRUE_W[k] as number), 0);
    x.push(row);
    y.push(rng.uniform() < 1 / (1 + Math.exp(-a)) ? 1 : 0);
  }
  return { x, y };
}

/** Fraction of `data` whose label is the sign of x·w. */
function accuracy(data: { x: Matrix; y: number[] }, w: readonly number[]): number {
  const hits = data.x.filter((row, n) => (row.reduce((s, v, k) => s + v * (w[k] as number), 0) > 0 ? 1 : 0) === data.y[n]).length;
  return hits / data.x.length;
}

/** Independent fits whose spread gives the standard errors (see `replicateRow`). */
const REPLICATES = 5;

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const arrays = logisticArrays(100);
  const data = { x: tf.tensor2d(arrays.x), y: tf.tensor1d(arrays.y) };
  // The step budget is shared by the replicates.
  const d = TRUE_W.length;
  const tails = await replicatedMvnTails(logisticRegressionModel, data, d, options.steps ?? entry.defaultSteps, REPLICATES, options);
  tf.dispose([data.x, data.y]);
  const ref = logisticReference(arrays.x, arrays.y, LOGISTIC_PRIOR_SD);
  const rows = [];
  for (let i = 0; i < d; i++) {
    const r = replicateRow(`E[w${i}]`, ref.mean[i] as number, tails, (v) => v[i] as number);
    // The reference's own SE adds in quadrature (independent estimators).
    rows.push({ ...r, se: Math.hypot(r.se ?? 0, ref.meanSe[i] as number) });
    rows.push(replicateRow(`sd[w${i}]`, ref.sd[i] as number, tails, (v) => Math.sqrt(mvnCovariance(v, d)[i]![i]!)));
  }
  const fittedMean = rows.filter((r) => r.quantity.startsWith('E[')).map((r) => r.fitted);
  const test = logisticArrays(2000, 99);
  return {
    rows,
    metrics: {
      'test accuracy (posterior mean)': accuracy(test, fittedMean),
      'test accuracy (true coefficients)': accuracy(test, TRUE_W),
      'importance-sampling ESS': ref.ess,
      ...Object.fromEntries(ref.mode.map((m, i) => [`MAP w${i}`, m])),
    },
    files: [],
  };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'logistic-regression',
  summary: 'Bayesian logistic regression, full-rank guide vs an importance-sampled posterior mean',
  defaultSteps: 1500,
  run,
  graph: () => {
    const a = logisticArrays(5);
    return { model: logisticRegressionModel, args: [{ x: tf.tensor2d(a.x), y: tf.tensor1d(a.y) }] };
  },
};
export { entry as logisticRegression };
