/**
 * Gamma–Exponential with a reparameterized Gamma guide; known answer: the conjugate Gamma posterior.
 * (The issue asks for Gamma–Poisson; `@aevb/distributions` has no Poisson family yet, so the
 * conjugate Gamma-rate model with Exponential waiting times stands in for it.)
 *
 * @module
 */
import { guide, model, tf, type Tensor1D } from '@aevb/core';
import { Exponential, Gamma, ExpBijector } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo } from '@aevb/inference';
import { runSteps } from './fit-steps.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Log-scale storage: Adam's steps become relative, so concentrations in the tens are reached quickly. */
const LOG_SCALE = new ExpBijector();

/** Prior Gamma(shape a0, rate b0) of the rate λ. */
const A0 = 2;
const B0 = 1;

/** `λ ~ Gamma(2, 1)`, `x_n | λ ~ Exponential(λ)`. @category Gallery */
export const gammaExponentialModel = model<{ rate: tf.Scalar }>()('gamma-exponential', (ctx, x: Tensor1D) => {
  const rate = ctx.sample('rate', new Gamma(A0, B0));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Exponential(tf.broadcastTo(rate, x.shape)), x);
  });
});

/** `q(λ) = Gamma(a, b)`: holds the exact posterior; implicit reparameterization. @category Gallery */
export const gammaGuide = guide<{ rate: tf.Scalar }>()('gamma-guide', (ctx, _x: Tensor1D) => {
  const a = ctx.param('q/concentration', 1, { transform: LOG_SCALE });
  const b = ctx.param('q/rate', 1, { transform: LOG_SCALE });
  return { rate: ctx.sample('rate', new Gamma(a, b)) };
});

/** Waiting times with rate 2. @category Gallery */
export function waitingTimes(n: number, seed = 5): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => -Math.log(1 - rng.uniform()) / 2);
}

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const xs = waitingTimes(25);
  const x = tf.tensor1d(xs);
  const svi = new SVI({ model: gammaExponentialModel, guide: gammaGuide, optimizer: new Adam({ learningRate: 0.1 }), objective: analyticKlElbo(), seed: options.seed ?? 0 });
  const { averages } = await runSteps(svi, options.steps ?? entry.defaultSteps, () => ({ data: x }), options, () => [
    svi.params.value('q/concentration').dataSync()[0] as number,
    svi.params.value('q/rate').dataSync()[0] as number,
  ]);
  const a = A0 + xs.length;
  const b = B0 + xs.reduce((s, v) => s + v, 0);
  const [fa, fb] = averages as [number, number];
  x.dispose();
  return {
    rows: [
      { quantity: 'concentration', known: a, fitted: fa },
      { quantity: 'rate', known: b, fitted: fb },
      { quantity: 'E[λ]', known: a / b, fitted: fa / fb },
      { quantity: 'sd[λ]', known: Math.sqrt(a) / b, fitted: Math.sqrt(fa) / fb },
    ],
    metrics: {},
    files: [],
  };
}

/** The gallery entry. @category Gallery */
const entry: GalleryEntry = {
  name: 'gamma-exponential',
  summary: 'Gamma rate of exponential waiting times (Poisson stand-in), Gamma guide vs the conjugate posterior',
  defaultSteps: 3000,
  run,
  graph: () => ({ model: gammaExponentialModel as never, args: [tf.tensor1d(waitingTimes(5))] }),
};
export { entry as gammaExponential };
