/**
 * Gamma–Exponential with a reparameterized Gamma guide; known answer: the conjugate Gamma posterior.
 *
 * @module
 */
import { model, tf, type Tensor1D } from '@aevb/core';
import { Exponential, Gamma } from '@aevb/distributions';
import { fitGammaRate } from './gamma-rate.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Prior Gamma(shape a0, rate b0) of the rate λ. */
const A0 = 2;
const B0 = 1;

/** `λ ~ Gamma(2, 1)`, `x_n | λ ~ Exponential(λ)`. @category Gallery */
export const gammaExponentialModel = model('gamma-exponential', { rate: 0 }, (ctx, x: Tensor1D) => {
  const rate = ctx.sample('rate', new Gamma(A0, B0));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Exponential(tf.broadcastTo(rate, x.shape)), x);
  });
});

/** Waiting times with rate 2. @category Gallery */
export function waitingTimes(n: number, seed = 5): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => -Math.log(1 - rng.uniform()) / 2);
}

/** Exact posterior: `λ | x ~ Gamma(a0 + N, b0 + Σ x_n)`. */
async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const xs = waitingTimes(25);
  const exact = { shape: A0 + xs.length, rate: B0 + xs.reduce((s, v) => s + v, 0) };
  return fitGammaRate(gammaExponentialModel, xs, exact, options.steps ?? entry.defaultSteps, options);
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'gamma-exponential',
  summary: 'Gamma rate of exponential waiting times, Gamma guide vs the conjugate posterior',
  defaultSteps: 1500,
  run,
  graph: () => ({ model: gammaExponentialModel, args: [tf.tensor1d(waitingTimes(5))] }),
};
export { entry as gammaExponential };
