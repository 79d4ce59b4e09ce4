/**
 * Beta–Bernoulli with a reparameterized Beta guide; known answer: the conjugate Beta posterior.
 *
 * @module
 */
import { guide, model, tf, type Tensor1D } from '@aevb/core';
import { Bernoulli, Beta, ExpBijector } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo } from '@aevb/inference';
import { runSteps } from './fit-steps.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Log-scale storage: Adam's steps become relative, so concentrations in the tens are reached quickly. */
const LOG_SCALE = new ExpBijector();

/** Prior Beta(a0, b0). */
const A0 = 2;
const B0 = 2;

/** `p ~ Beta(2, 2)`, `x_n | p ~ Bernoulli(p)`. @category Gallery */
export const betaBernoulliModel = model<{ p: tf.Scalar }>()('beta-bernoulli', (ctx, x: Tensor1D) => {
  const p = ctx.sample('p', new Beta(A0, B0));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Bernoulli({ probs: tf.broadcastTo(p, x.shape) }), x);
  });
});

/**
 * A Beta guide, `q(p) = Beta(α, β)` with α, β positive parameters: the family holds the exact
 * posterior, and samples are reparameterized (implicit gradients of the Gamma draws).
 *
 * @category Gallery
 */
export const betaGuide = guide<{ p: tf.Scalar }>()('beta-guide', (ctx, _x: Tensor1D) => {
  const a = ctx.param('q/alpha', 1, { transform: LOG_SCALE });
  const b = ctx.param('q/beta', 1, { transform: LOG_SCALE });
  return { p: ctx.sample('p', new Beta(a, b)) };
});

/** Coin flips with success probability 0.3. @category Gallery */
export function coinFlips(n: number, seed = 3): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
}

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const flips = coinFlips(30);
  const x = tf.tensor1d(flips);
  const svi = new SVI({ model: betaBernoulliModel, guide: betaGuide, optimizer: new Adam({ learningRate: 0.1 }), objective: analyticKlElbo(), seed: options.seed ?? 0 });
  const { averages } = await runSteps(svi, options.steps ?? entry.defaultSteps, () => ({ data: x }), options, () => [
    svi.params.value('q/alpha').dataSync()[0] as number,
    svi.params.value('q/beta').dataSync()[0] as number,
  ]);
  const heads = flips.reduce((s, v) => s + v, 0);
  const [a, b] = [A0 + heads, B0 + flips.length - heads];
  const [fa, fb] = averages as [number, number];
  x.dispose();
  return {
    rows: [
      { quantity: 'alpha', known: a, fitted: fa },
      { quantity: 'beta', known: b, fitted: fb },
      { quantity: 'E[p]', known: a / (a + b), fitted: fa / (fa + fb) },
      { quantity: 'sd[p]', known: Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))), fitted: Math.sqrt((fa * fb) / ((fa + fb) ** 2 * (fa + fb + 1))) },
    ],
    metrics: {},
    files: [],
  };
}


const entry: GalleryEntry = {
  name: 'beta-bernoulli',
  summary: 'Beta–Bernoulli coin, reparameterized Beta guide vs the conjugate posterior',
  defaultSteps: 3000,
  run,
  graph: () => ({ model: betaBernoulliModel as never, args: [tf.tensor1d(coinFlips(5))] }),
};
export { entry as betaBernoulli };
