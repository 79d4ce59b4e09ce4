/**
 * Beta–Bernoulli with a reparameterized Beta guide; known answer: the conjugate Beta posterior.
 *
 * @module
 */
import { guide, model, tf, type Tensor1D } from '@aevb/core';
import { Bernoulli, Beta, ExpBijector, SigmoidBijector } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo, cosineDecay } from '@aevb/inference';
import { disposeSvi, runSteps, tailRow } from './fit-steps.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Log-scale storage: Adam's steps become relative, so concentrations in the tens are reached quickly. */
const LOG_SCALE = new ExpBijector();
/** Logit storage of a probability. */
const LOGISTIC = new SigmoidBijector();

/** Prior Beta(a0, b0). */
const A0 = 2;
const B0 = 2;

/** `p ~ Beta(2, 2)`, `x_n | p ~ Bernoulli(p)`. @category Gallery */
export const betaBernoulliModel = model('beta-bernoulli', { p: 0 }, (ctx, x: Tensor1D) => {
  const p = ctx.sample('p', new Beta(A0, B0));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Bernoulli({ probs: tf.broadcastTo(p, x.shape) }), x);
  });
});

/**
 * A Beta guide, `q(p) = Beta(mκ, (1 − m)κ)` with mean m (stored as its logit) and concentration
 * κ = α + β (stored as its log): the family holds the exact posterior, and samples are
 * reparameterized (implicit gradients of the Gamma draws). In (logit m, log κ) the ELBO's ridge,
 * α and β growing together, lies along one axis, which Adam follows quickly.
 *
 * @category Gallery
 */
export const betaGuide = guide(betaBernoulliModel, 'beta-guide', (ctx) => {
  const m = ctx.param('q/mean', 0.5, { transform: LOGISTIC });
  const k = ctx.param('q/concentration', 2, { transform: LOG_SCALE });
  return { p: ctx.sample('p', new Beta(tf.mul(m, k), tf.mul(tf.sub(1, m), k))) };
});

/** Coin flips with success probability 0.3. @category Gallery */
export function coinFlips(n: number, seed = 3): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
}

const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const flips = coinFlips(30);
  const x = tf.tensor1d(flips);
  const steps = options.steps ?? entry.defaultSteps;
  // Cosine decay of Adam's step (on logit m, log κ): fast approach, then a quiet tail to average.
  const optimizer = new Adam({ learningRate: cosineDecay({ initial: 0.15, decaySteps: steps, alpha: 0.3 }), beta2: 0.98 });
  const svi = new SVI({ model: betaBernoulliModel, guide: betaGuide, optimizer, objective: analyticKlElbo(), seed: options.seed ?? 0 });
  const read = (n: string): number => svi.params.read(n)[0] as number;
  const { tail } = await runSteps(svi, steps, () => ({ data: x }), options, () => [Math.log(read('q/mean') / (1 - read('q/mean'))), Math.log(read('q/concentration'))]);
  x.dispose();
  disposeSvi(svi);
  const heads = flips.reduce((s, v) => s + v, 0);
  const [a, b] = [A0 + heads, B0 + flips.length - heads];
  const sd = (al: number, be: number): number => Math.sqrt((al * be) / ((al + be) ** 2 * (al + be + 1)));
  const row = (q: string, known: number, f: (v: readonly number[]) => number) => tailRow(q, known, tail, f);
  return {
    rows: [
      // The tail holds (logit m, log κ): α = mκ, β = (1 − m)κ.
      row('alpha', a, ([lm, lk]) => sigmoid(lm as number) * Math.exp(lk as number)),
      row('beta', b, ([lm, lk]) => (1 - sigmoid(lm as number)) * Math.exp(lk as number)),
      row('E[p]', a / (a + b), ([lm]) => sigmoid(lm as number)),
      row('sd[p]', sd(a, b), ([lm, lk]) => sd(sigmoid(lm as number) * Math.exp(lk as number), (1 - sigmoid(lm as number)) * Math.exp(lk as number))),
    ],
    metrics: {},
    files: [],
  };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'beta-bernoulli',
  summary: 'Beta–Bernoulli coin, reparameterized Beta guide vs the conjugate posterior',
  defaultSteps: 1000,
  run,
  graph: () => ({ model: betaBernoulliModel , args: [tf.tensor1d(coinFlips(5))] }),
};
export { entry as betaBernoulli };
