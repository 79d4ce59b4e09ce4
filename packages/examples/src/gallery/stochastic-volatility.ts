/**
 * A stochastic-volatility model (latent AR(1) log-volatility) with a full-rank guide; known
 * answer: the log evidence of a bootstrap particle filter (with its Monte Carlo standard error) and
 * the exact smoothed log-volatility of a grid filter.
 *
 * @module
 */
import { join } from 'node:path';
import { model, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { AR1, Independent, Normal } from '@aevb/distributions';
import { Adam, SVI, autoMultivariateNormal, cosineDecay, logMarginal, monteCarloElbo } from '@aevb/inference';
import { writeSvg } from '../output/png-file.js';
import { linePlot } from '../output/svg/plots.js';
import { batchMeans, runSteps } from './fit-steps.js';
import { IterateAverage } from './iterate-average.js';
import { gridPosterior, particleLogEvidence, type ScalarStateSpace } from './particle-filter.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Mean log-volatility μ, persistence φ and volatility of volatility σ. @category Gallery */
export const SV_PARAMETERS = { mu: -1, coef: 0.95, scale: 0.25 } as const;
/** Length of the simulated series. @category Gallery */
export const SV_LENGTH = 100;
const { mu: MU, coef: PHI, scale: SIGMA } = SV_PARAMETERS;

/**
 * Stochastic volatility (Kim, Shephard & Chib 1998): `x ~ AR1(φ, σ)` from its stationary law,
 * `h = μ + x` (a deterministic site), `y_t ~ N(0, exp(h_t/2)²)`. The series is one datapoint:
 * `y` has shape [1, T] and there is no plate over time (shuffling rows would not reorder it).
 *
 * @category Gallery
 */
export const stochasticVolatilityModel = model('stochastic-volatility', { x: 1 }, (ctx, y: Tensor2D) => {
  const t = y.shape[1];
  const x = ctx.sample('x', new AR1({ coef: PHI, scale: SIGMA }, t));
  const h = ctx.deterministic('h', tf.add(x, MU));
  ctx.observe('y', new Independent(new Normal(0, tf.reshape(tf.exp(tf.mul(h, 0.5)), [1, t])), 1), y);
});

/** A simulated series: the true log-volatility h and the returns y. @category Gallery */
export interface VolatilitySeries {
  /** h_t = μ + x_t. */
  readonly h: number[];
  /** y_t ~ N(0, exp(h_t)). */
  readonly y: number[];
}

/** Draws a series from the model (its own generator, independent of TF.js). @category Gallery */
export function volatilitySeries(t = SV_LENGTH, seed = 5): VolatilitySeries {
  const rng = new Rng(seed);
  let x = (SIGMA / Math.sqrt(1 - PHI * PHI)) * rng.normal();
  const h: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < t; i++) {
    if (i > 0) x = PHI * x + SIGMA * rng.normal();
    h.push(MU + x);
    y.push(Math.exp((MU + x) / 2) * rng.normal());
  }
  return { h, y };
}

/** The model as a scalar state-space model over x_t = h_t − μ, for the reference filters. @category Gallery */
export function volatilityStateSpace(y: readonly number[]): ScalarStateSpace {
  return {
    coef: PHI,
    scale: SIGMA,
    initScale: SIGMA / Math.sqrt(1 - PHI * PHI),
    length: y.length,
    logLik: (t, x) => -0.5 * (Math.log(2 * Math.PI) + MU + x + (y[t] as number) ** 2 * Math.exp(-(MU + x))),
  };
}

/** Pearson correlation. */
function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let [ab, aa, bb] = [0, 0, 0];
  a.forEach((v, i) => {
    const [da, db] = [v - ma, (b[i] as number) - mb];
    [ab, aa, bb] = [ab + da * db, aa + da * da, bb + db * db];
  });
  return ab / Math.sqrt(aa * bb);
}

/** Particles and independent runs of the reference particle filter. */
const FILTER = { particles: 10_000, runs: 6 };
/** One-draw ELBO estimates averaged for the reported ELBO. */
const ELBO_PASSES = 60;
/** Importance samples per logMarginal estimate, and independent repeats (for its SE). @category Gallery */
export const SV_IMPORTANCE = { particles: 500, repeats: 4 } as const;

/** The full-rank guide's marginal means and standard deviations of h = μ + x (sd_t = |row t of L|). */
function guideMarginals(svi: SVI<{ x: Tensor1D }, Tensor2D>, t: number): { mean: number[]; sd: number[] } {
  const loc = svi.params.read('autoMvn/loc');
  const tril = svi.params.read('autoMvn/scaleTril');
  const sd = Array.from({ length: t }, (_, i) => Math.sqrt(tril.slice(i * t, i * t + i + 1).reduce((a, v) => a + v * v, 0)));
  return { mean: Array.from(loc, (v) => v + MU), sd };
}

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const series = volatilitySeries();
  const t = series.y.length;
  const y = tf.tensor2d([series.y]);
  const steps = options.steps ?? entry.defaultSteps;
  // Two particles per step, heavy first-moment averaging (beta1 0.98) against the gradient noise of
  // the 5,050 Cholesky entries, and the average of the iterates over the second half of the run.
  const svi = new SVI({
    model: stochasticVolatilityModel,
    guide: autoMultivariateNormal(stochasticVolatilityModel, { initLoc: 'zero', initScale: 0.15 }),
    optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.02, decaySteps: steps, alpha: 0.1 }), beta1: 0.98, beta2: 0.999 }),
    objective: monteCarloElbo({ particles: 2 }),
    seed: options.seed ?? 0,
  });
  const average = new IterateAverage(svi.params);
  const onStep = (i: number, n: number, e: number): void => {
    if (i > steps / 2) average.record();
    options.onStep?.(i, n, e);
  };
  await runSteps(svi, steps, () => ({ data: y }), { ...options, onStep });
  average.assign();
  const draws: number[] = [];
  for (let i = 0; i < ELBO_PASSES; i++) draws.push(await svi.evaluate(y, 1));
  const elbo = batchMeans(draws, ELBO_PASSES);
  const lms: number[] = [];
  for (let i = 0; i < SV_IMPORTANCE.repeats; i++) lms.push((await logMarginal(svi, y, { particles: SV_IMPORTANCE.particles, chunk: 500 })).total);
  const lm = batchMeans(lms, SV_IMPORTANCE.repeats);
  y.dispose();
  const ssm = volatilityStateSpace(series.y);
  const pf = particleLogEvidence(ssm, FILTER.particles, FILTER.runs, 1);
  const exact = gridPosterior(ssm);
  const smooth = exact.mean.map((v) => v + MU);
  const q = guideMarginals(svi, t);
  // The fit's parameters and optimizer state are read; free them (a gallery run leaves no tensor behind).
  svi.params.clear();
  svi.optimizer.dispose();
  const files: string[] = [];
  if (options.outDir !== undefined) {
    const file = join(options.outDir, 'stochastic-volatility.svg');
    const pts = (f: (i: number) => number): [number, number][] => series.h.map((_, i) => [i, f(i)]);
    writeSvg(file, linePlot([
      { name: 'true h_t', points: pts((i) => series.h[i] as number), markers: true, color: '#888888' },
      { name: 'E[h_t | y] (grid smoother)', points: pts((i) => smooth[i] as number) },
      { name: 'E_q[h_t] (full-rank guide)', points: pts((i) => q.mean[i] as number), dashed: true },
      { name: 'E_q[h_t] ± 2 sd_q', points: pts((i) => (q.mean[i] as number) + 2 * (q.sd[i] as number)), dashed: true, color: '#bbbbbb' },
      { name: 'E_q[h_t] − 2 sd_q', points: pts((i) => (q.mean[i] as number) - 2 * (q.sd[i] as number)), dashed: true, color: '#bbbbbb' },
    ], { title: 'Stochastic volatility: log-volatility h_t', xLabel: 't', yLabel: 'h_t' }));
    files.push(file);
  }
  return {
    rows: [
      { quantity: 'logMarginal vs log p(y) (particle filter)', known: pf.mean, fitted: lm.mean, se: Math.hypot(lm.se, pf.se) },
      { quantity: 'ELBO (≤ log p(y))', known: pf.mean, fitted: elbo.mean, se: Math.hypot(elbo.se, pf.se) },
      { quantity: 'corr(E_q[h], true h) vs corr(E[h | y], true h)', known: correlation(smooth, series.h), fitted: correlation(q.mean, series.h) },
      {
        quantity: 'max_t |E_q[h_t] − E[h_t | y]| / sd[h_t | y]',
        known: 0,
        fitted: Math.max(...q.mean.map((m, i) => Math.abs(m - (smooth[i] as number)) / (exact.sd[i] as number))),
      },
    ],
    metrics: { 'log p(y) (grid filter)': exact.logEvidence, 'particle filter sd (one run)': pf.sd, 'ELBO gap (nats)': pf.mean - elbo.mean },
    files,
  };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'stochastic-volatility',
  summary: 'Stochastic volatility (AR(1) log-volatility, T = 100), full-rank guide: logMarginal and ELBO vs a particle filter',
  defaultSteps: 3000,
  run,
  graph: () => ({ model: stochasticVolatilityModel, args: [tf.tensor2d([volatilitySeries(5).y])] }),
};
export { entry as stochasticVolatility };
