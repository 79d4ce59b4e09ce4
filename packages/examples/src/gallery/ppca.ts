/**
 * Probabilistic PCA (Tipping & Bishop 1999) fitted by AEVB with the automatic amortized guide;
 * known answers: the exact posterior q should match given the fitted W, σ, and the
 * maximum-likelihood solution (principal subspace and noise level) from the sample covariance.
 *
 * @module
 */
import { AevbError, model, tf, type Tensor2D } from '@aevb/core';
import { DistributionBase, Independent, Normal, positive } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo, autoAmortized, cosineDecay, encode } from '@aevb/inference';
import { disposeSvi, runSteps } from './fit-steps.js';
import { inverse, matMul, matVec, subspaceCosines, symmetricEigen, transpose, type Matrix } from './linalg.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Data and latent dimensions. */
const D = 5;
const K = 2;
/** True loadings, offset and noise of the synthetic data. */
const TRUE_W: Matrix = [[2, 0], [1, 1], [0, 1.5], [-1, 0.5], [0.5, -1]];
const TRUE_MU = [1, -1, 0.5, 0, 2];
const TRUE_SIGMA = 0.3;

/**
 * `z_n ~ N(0, I_2)`, `x_n | z_n ~ N(W z_n + μ, σ² I_5)` with W, μ, σ model parameters
 * (`W`, `mu`, `sigma`).
 *
 * @category Gallery
 */
export const ppcaModel = model('ppca', { z: 2 }, (ctx, x: Tensor2D) => {
  const w = ctx.param('W', (seed) => tf.randomNormal([D, K], 0, 0.5, 'float32', seed));
  const mu = ctx.param('mu', () => tf.zeros([D]));
  const sigma = ctx.param('sigma', 1, { constraint: positive });
  const n = x.shape[0];
  ctx.plate('data', n, () => {
    const z = ctx.sample('z', new Independent(new Normal(0, 1).expand([n, K]), 1));
    const mean = tf.add(tf.matMul(z, w, false, true), mu);
    ctx.observe('x', new Independent(new Normal(mean, tf.broadcastTo(sigma, [n, D])), 1), x);
  });
});

/** Points from the true model (plain arrays). @category Gallery */
export function ppcaPoints(n: number, seed = 31): Matrix {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const z = [rng.normal(), rng.normal()];
    return TRUE_MU.map((m, i) => m + (TRUE_W[i] as number[]).reduce((s, v, k) => s + v * (z[k] as number), 0) + TRUE_SIGMA * rng.normal());
  });
}

/** Maximum likelihood (Tipping & Bishop): top-K eigenvectors of the sample covariance, σ² = mean of the rest. @category Gallery */
export function ppcaMaximumLikelihood(x: Matrix): { mean: number[]; sigma: number; subspace: Matrix; eigenvalues: number[] } {
  const n = x.length;
  const mean = Array.from({ length: D }, (_, i) => x.reduce((s, r) => s + (r[i] as number), 0) / n);
  const c = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => x.reduce((s, r) => s + ((r[i] as number) - mean[i]!) * ((r[j] as number) - mean[j]!), 0) / n));
  const { values, vectors } = symmetricEigen(c);
  const sigma = Math.sqrt(values.slice(K).reduce((a, b) => a + b, 0) / (D - K));
  return { mean, sigma, subspace: vectors.map((r) => r.slice(0, K)), eigenvalues: values };
}

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const train = ppcaPoints(300);
  const held = ppcaPoints(50, 77);
  const x = tf.tensor2d(train);
  const steps = options.steps ?? entry.defaultSteps;
  const svi = new SVI({
    model: ppcaModel,
    // hidden: [] — a linear encoder: the exact posterior mean is linear in x and its covariance constant.
    guide: autoAmortized(ppcaModel, { hidden: [] }),
    optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.1, decaySteps: steps, alpha: 0.02 }) }),
    // KL(q(z | x) ‖ N(0, I)) in closed form: only the reconstruction term is sampled.
    objective: analyticKlElbo(),
    seed: options.seed ?? 0,
  });
  await runSteps(svi, steps, () => ({ data: x }), options);
  x.dispose();
  const w: Matrix = tf.tidy(() => svi.params.value('W').arraySync() as Matrix);
  const mu = Array.from(svi.params.read('mu'));
  const sigma = svi.params.read('sigma')[0] as number;
  // Exact posterior given the fitted W, μ, σ: N(M⁻¹Wᵀ(x − μ), σ² M⁻¹), M = WᵀW + σ² I.
  const wt = transpose(w);
  const mInv = inverse(matMul(wt, w).map((r, i) => r.map((v, j) => v + (i === j ? sigma * sigma : 0))));
  const cov = mInv.map((r) => r.map((v) => v * sigma * sigma));
  const xh = tf.tensor2d(held);
  const [qMean, qVar] = tf.tidy(() => {
    const q = encode(svi, xh).z;
    if (!(q instanceof DistributionBase)) throw new AevbError(`ppca: the encoder's q(z | x) is a ${q.family}, expected a distribution with moments`);
    return [q.mean().arraySync() as Matrix, q.variance().arraySync() as Matrix];
  });
  xh.dispose();
  disposeSvi(svi);
  let sq = 0;
  held.forEach((row, n) => {
    const exact = matVec(mInv, matVec(wt, row.map((v, i) => v - (mu[i] as number))));
    exact.forEach((e, k) => (sq += ((qMean[n]![k]! - e) ** 2) / cov[k]![k]!));
  });
  const ml = ppcaMaximumLikelihood(train);
  const cosines = subspaceCosines(w, ml.subspace);
  const meanSd = (k: number): number => held.reduce((s, _, n) => s + Math.sqrt(qVar[n]![k]!), 0) / held.length;
  return {
    rows: [
      { quantity: 'RMS (E_q[z|x] − E[z|x]) / sd, held out', known: 0, fitted: Math.sqrt(sq / (held.length * K)) },
      { quantity: 'sd_q[z0 | x] (mean over held out)', known: Math.sqrt(cov[0]![0]!), fitted: meanSd(0) },
      { quantity: 'sd_q[z1 | x] (mean over held out)', known: Math.sqrt(cov[1]![1]!), fitted: meanSd(1) },
      { quantity: 'corr of exact q(z | x)', known: 0, fitted: cov[0]![1]! / Math.sqrt(cov[0]![0]! * cov[1]![1]!) },
      { quantity: 'sigma (ML from eigenvalues)', known: ml.sigma, fitted: sigma },
      { quantity: 'cos principal angle 1', known: 1, fitted: cosines[0] as number },
      { quantity: 'cos principal angle 2', known: 1, fitted: cosines[1] as number },
    ],
    metrics: { 'max |mu − sample mean|': Math.max(...mu.map((m, i) => Math.abs(m - ml.mean[i]!))) },
    files: [],
  };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'ppca',
  summary: 'Probabilistic PCA with the automatic amortized guide vs the exact posterior and the ML subspace',
  defaultSteps: 2000,
  run,
  graph: () => ({ model: ppcaModel, args: [tf.tensor2d(ppcaPoints(4))] }),
};
export { entry as ppca };
