/**
 * A linear-Gaussian state-space model (local level) with a full-rank guide; known answer: the
 * exact log evidence from a Kalman filter.
 *
 * @module
 */
import { join } from 'node:path';
import { model, tf, type Tensor2D } from '@aevb/core';
import { Independent, Normal } from '@aevb/distributions';
import { Adam, SVI, autoMultivariateNormal, cosineDecay, logMarginal, monteCarloElbo } from '@aevb/inference';
import { linePlot } from '../output/svg/plots.js';
import { writeSvg } from '../output/png-file.js';
import { batchMeans, disposeSvi, runSteps } from './fit-steps.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Initial-state, state-noise and observation-noise standard deviations. */
const S0 = 1;
const Q = 0.3;
const R = 0.5;
/** Length of the series. @category Gallery */
export const SERIES_LENGTH = 20;

/**
 * Local level, non-centered: `eps_t ~ N(0, 1)`, `x_0 = s0 eps_0`, `x_t = x_{t−1} + q eps_t`,
 * `y_t ~ N(x_t, r²)`. The series is one datapoint: `y` has shape [1, T].
 *
 * @category Gallery
 */
export const localLevelModel = model('local-level', { eps: 1 }, (ctx, y: Tensor2D) => {
  const t = y.shape[1];
  const eps = ctx.sample('eps', new Independent(new Normal(tf.zeros([t]), tf.ones([t])), 1));
  const scales = tf.concat([tf.tensor1d([S0]), tf.fill([t - 1], Q)]);
  const x = tf.reshape(tf.cumsum(tf.mul(eps, scales)), [1, t]);
  ctx.observe('y', new Independent(new Normal(x, tf.fill([1, t], R)), 1), y);
});

/** A series drawn from the model. @category Gallery */
export function localLevelSeries(t = SERIES_LENGTH, seed = 21): number[] {
  const rng = new Rng(seed);
  let x = S0 * rng.normal();
  return Array.from({ length: t }, (_, i) => {
    if (i > 0) x += Q * rng.normal();
    return x + R * rng.normal();
  });
}

/**
 * Exact log p(y) by the Kalman filter: the sum of the one-step predictive log densities
 * `log N(y_t; m_t|t−1, P_t|t−1 + r²)`.
 *
 * @category Gallery
 */
export function kalmanLogEvidence(y: readonly number[]): number {
  let [m, p] = [0, S0 * S0];
  let total = 0;
  y.forEach((v, i) => {
    if (i > 0) p += Q * Q;
    const s = p + R * R;
    total += -0.5 * (Math.log(2 * Math.PI * s) + (v - m) ** 2 / s);
    const k = p / s;
    m += k * (v - m);
    p *= 1 - k;
  });
  return total;
}

/** Smoothed marginals of the states. @category Gallery */
export interface SmoothedMarginals {
  /** E[x_t | y_1..T] per t. */
  readonly mean: number[];
  /** Var[x_t | y_1..T] per t. */
  readonly variance: number[];
}

/**
 * Exact smoothed marginals E[x_t | y], Var[x_t | y] by the Kalman filter and the
 * Rauch–Tung–Striebel backward pass.
 *
 * @category Gallery
 */
export function kalmanSmoother(y: readonly number[]): SmoothedMarginals {
  const [mf, pf, pp] = [[] as number[], [] as number[], [] as number[]];
  let [m, p] = [0, S0 * S0];
  y.forEach((v, i) => {
    if (i > 0) p += Q * Q;
    pp.push(p);
    const k = p / (p + R * R);
    m += k * (v - m);
    p *= 1 - k;
    mf.push(m);
    pf.push(p);
  });
  const mean = [...mf];
  const variance = [...pf];
  for (let t = y.length - 2; t >= 0; t--) {
    const j = (pf[t] as number) / (pp[t + 1] as number);
    mean[t] = (mf[t] as number) + j * ((mean[t + 1] as number) - (mf[t] as number));
    variance[t] = (pf[t] as number) + j * j * ((variance[t + 1] as number) - (pp[t + 1] as number));
  }
  return { mean, variance };
}

/** The guide's marginals of x = A eps (A: cumulative sums of the scales): means A·loc, variances diag(A L Lᵀ Aᵀ). */
function guideMarginals(loc: Float32Array, scaleTril: Float32Array, t: number): { mean: number[]; sd: number[] } {
  const scale = (s: number): number => (s === 0 ? S0 : Q);
  const mean: number[] = [];
  const sd: number[] = [];
  // Row i of A L: Σ_{s ≤ i} scale(s) L[s, :]; accumulated over i.
  const row = new Array<number>(t).fill(0);
  let mu = 0;
  for (let i = 0; i < t; i++) {
    mu += scale(i) * (loc[i] as number);
    for (let c = 0; c <= i; c++) row[c] = (row[c] as number) + scale(i) * (scaleTril[i * t + c] as number);
    mean.push(mu);
    sd.push(Math.sqrt(row.reduce((a, v) => a + v * v, 0)));
  }
  return { mean, sd };
}

/** Passes of the ELBO evaluation and repeats of `logMarginal` (for their SEs). */
const ELBO_PASSES = 60;
const LOG_MARGINAL_REPEATS = 4;

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const series = localLevelSeries();
  const y = tf.tensor2d([series]);
  const steps = options.steps ?? entry.defaultSteps;
  const svi = new SVI({
    model: localLevelModel,
    guide: autoMultivariateNormal(localLevelModel, { initLoc: 'zero', initScale: 0.5 }),
    optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.05 }) }),
    objective: monteCarloElbo(),
    seed: options.seed ?? 0,
  });
  await runSteps(svi, steps, () => ({ data: y }), options);
  const exact = kalmanLogEvidence(series);
  // The ELBO at the fitted guide: independent one-draw estimates, their mean and its SE.
  const draws: number[] = [];
  for (let i = 0; i < ELBO_PASSES; i++) draws.push(await svi.evaluate(y, 1));
  const elbo = batchMeans(draws, ELBO_PASSES);
  // Importance sampling with the guide as proposal (500 particles), repeated for an SE.
  const lms: number[] = [];
  for (let i = 0; i < LOG_MARGINAL_REPEATS; i++) lms.push((await logMarginal(svi, y, { particles: 500, chunk: 500 })).total);
  const lm = batchMeans(lms, LOG_MARGINAL_REPEATS);
  y.dispose();
  const q = guideMarginals(svi.params.read('autoMvn/loc'), svi.params.read('autoMvn/scaleTril'), series.length);
  disposeSvi(svi);
  const smooth = kalmanSmoother(series);
  const exactSd = smooth.variance.map(Math.sqrt);
  const files: string[] = [];
  if (options.outDir !== undefined) {
    const file = join(options.outDir, 'state-space.svg');
    const pts = (f: (t: number) => number): [number, number][] => series.map((_, t) => [t, f(t)]);
    const band = (sign: number): [number, number][] => pts((t) => (q.mean[t] as number) + sign * 2 * (q.sd[t] as number));
    writeSvg(file, linePlot([
      { name: 'observations y_t', points: pts((t) => series[t] as number), markers: true, color: '#888888' },
      { name: 'E[x_t | y] (Kalman smoother)', points: pts((t) => smooth.mean[t] as number) },
      { name: 'E_q[x_t] (full-rank guide)', points: pts((t) => q.mean[t] as number), dashed: true },
      { name: 'E_q[x_t] ± 2 sd_q', points: band(1), dashed: true, color: '#bbbbbb' },
      { name: 'E_q[x_t] − 2 sd_q', points: band(-1), dashed: true, color: '#bbbbbb' },
    ], { title: 'Local level: guide vs Kalman smoother', xLabel: 't', yLabel: 'x_t' }));
    files.push(file);
  }
  return {
    rows: [
      { quantity: 'ELBO (≤ log p(y))', known: exact, fitted: elbo.mean, se: elbo.se },
      { quantity: 'logMarginal (K = 500)', known: exact, fitted: lm.mean, se: lm.se },
      { quantity: 'max_t |E_q[x_t] − E[x_t|y]| / sd[x_t|y]', known: 0, fitted: Math.max(...q.mean.map((m, t) => Math.abs(m - (smooth.mean[t] as number)) / (exactSd[t] as number))) },
      { quantity: 'max_t |sd_q[x_t] / sd[x_t|y] − 1|', known: 0, fitted: Math.max(...q.sd.map((v, t) => Math.abs(v / (exactSd[t] as number) - 1))) },
    ],
    metrics: { 'exact log p(y) (Kalman)': exact, 'ELBO gap (nats)': exact - elbo.mean },
    files,
  };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'state-space',
  summary: 'Local-level state-space model (T = 20), full-rank guide: ELBO and logMarginal vs the Kalman log evidence',
  defaultSteps: 1000,
  run,
  graph: () => ({ model: localLevelModel, args: [tf.tensor2d([localLevelSeries(5)])] }),
};
export { entry as stateSpace };
