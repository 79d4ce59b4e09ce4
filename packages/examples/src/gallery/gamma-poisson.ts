/**
 * Gamma–Poisson with a reparameterized Gamma guide; known answer: the conjugate Gamma posterior.
 *
 * @module
 */
import { model, tf, type Tensor1D } from '@aevb/core';
import { Gamma, Poisson } from '@aevb/distributions';
import { fitGammaRate } from './gamma-rate.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Prior Gamma(shape a0, rate b0) of the rate λ. */
const A0 = 2;
const B0 = 1;

/** `λ ~ Gamma(2, 1)`, `x_n | λ ~ Poisson(λ)`. @category Gallery */
export const gammaPoissonModel = model('gamma-poisson', { rate: 0 }, (ctx, x: Tensor1D) => {
  const rate = ctx.sample('rate', new Gamma(A0, B0));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Poisson(tf.broadcastTo(rate, x.shape)), x);
  });
});

/** Counts drawn from Poisson(3) (inversion of the cdf). @category Gallery */
export function eventCounts(n: number, seed = 9): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const u = rng.uniform();
    let [k, p] = [0, Math.exp(-3)];
    let cdf = p;
    while (u > cdf) {
      k++;
      p *= 3 / k;
      cdf += p;
    }
    return k;
  });
}

/** Exact posterior: `λ | x ~ Gamma(a0 + Σ x_n, b0 + N)`. */
async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const xs = eventCounts(20);
  const exact = { shape: A0 + xs.reduce((s, v) => s + v, 0), rate: B0 + xs.length };
  return fitGammaRate(gammaPoissonModel, xs, exact, options.steps ?? entry.defaultSteps, options);
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'gamma-poisson',
  summary: 'Gamma rate of Poisson counts, Gamma guide vs the conjugate posterior',
  defaultSteps: 1500,
  run,
  graph: () => ({ model: gammaPoissonModel, args: [tf.tensor1d(eventCounts(5))] }),
};
export { entry as gammaPoisson };
