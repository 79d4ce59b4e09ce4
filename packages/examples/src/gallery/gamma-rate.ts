/**
 * The Gamma guide and fitting loop shared by the conjugate Gamma-rate models (Gamma–Exponential,
 * Gamma–Poisson): both have a Gamma(a0, b0) prior on a rate λ and a Gamma posterior.
 *
 * @module
 */
import { guide, tf, type Model, type Tensor1D } from '@aevb/core';
import { ExpBijector, Gamma } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo, cosineDecay } from '@aevb/inference';
import { disposeSvi, runSteps, tailRow } from './fit-steps.js';
import type { GalleryResult, GalleryRunOptions } from './types.js';

/** Log-scale storage: Adam's steps become relative, so concentrations in the tens are reached quickly. */
const LOG_SCALE = new ExpBijector();

/**
 * `q(λ) = Gamma(a, a/m)` with concentration a and mean m stored on the log scale: holds the
 * exact posterior; implicit reparameterization. (In (log a, log m) the ELBO's long ridge,
 * growing a and b together at a fixed mean, lies along one axis, which Adam follows quickly;
 * in (log a, log b) it is diagonal and slow.)
 *
 * @category Gallery
 */
export const gammaGuide = guide({ rate: 0 }, 'gamma-guide', (ctx, _x: Tensor1D) => {
  const a = ctx.param('q/concentration', 1, { transform: LOG_SCALE });
  const m = ctx.param('q/mean', 1, { transform: LOG_SCALE });
  return { rate: ctx.sample('rate', new Gamma(a, tf.div(a, m))) };
});

/**
 * Fits `q(λ) = Gamma(a, b)` to `model` on `data` (Adam on log a, log E[λ] with a cosine-decayed
 * step) and compares with the exact posterior `Gamma(shape, rate)`: the rows carry the tail
 * averages of a, b, E[λ] = a/b and sd[λ] = √a/b with their batch-means standard errors.
 *
 * @category Gallery
 */
export async function fitGammaRate(
  model: Model<{ rate: tf.Scalar }, readonly [Tensor1D], unknown>,
  data: readonly number[],
  exact: { readonly shape: number; readonly rate: number },
  steps: number,
  options: GalleryRunOptions,
): Promise<GalleryResult> {
  const x = tf.tensor1d([...data]);
  const optimizer = new Adam({ learningRate: cosineDecay({ initial: 0.15, decaySteps: steps, alpha: 0.3 }), beta2: 0.98 });
  const svi = new SVI({ model, guide: gammaGuide, optimizer, objective: analyticKlElbo(), seed: options.seed ?? 0 });
  const read = (n: string): number => svi.params.read(n)[0] as number;
  const { tail } = await runSteps(svi, steps, () => ({ data: x }), options, () => [Math.log(read('q/concentration')), Math.log(read('q/mean'))]);
  x.dispose();
  disposeSvi(svi);
  const { shape: a, rate: b } = exact;
  return {
    rows: [
      // The tail holds (log a, log m): rate = a/m, E[λ] = m, sd[λ] = m/√a.
      tailRow('concentration', a, tail, ([la]) => Math.exp(la as number)),
      tailRow('rate', b, tail, ([la, lm]) => Math.exp((la as number) - (lm as number))),
      tailRow('E[λ]', a / b, tail, ([, lm]) => Math.exp(lm as number)),
      tailRow('sd[λ]', Math.sqrt(a) / b, tail, ([la, lm]) => Math.exp((lm as number) - (la as number) / 2)),
    ],
    metrics: {},
    files: [],
  };
}
