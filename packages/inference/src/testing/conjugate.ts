// The conjugate Normal–Normal model used by inference tests: mu ~ N(0, s0²), x_i | mu ~ N(mu, s²).
import { model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';

export const PRIOR_SD = 1;
export const NOISE_SD = 1;

export const normalMean = model('normal-mean', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.fill([1], PRIOR_SD)));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Normal(tf.broadcastTo(mu, x.shape), tf.fill(x.shape, NOISE_SD)), x);
  });
});

/** Exact posterior N(mean, sd²) of mu and the exact log evidence log p(x). */
export function exact(x: number[]): { mean: number; sd: number; logEvidence: number } {
  const n = x.length;
  const prec = 1 / PRIOR_SD ** 2 + n / NOISE_SD ** 2;
  const v = 1 / prec;
  const sum = x.reduce((a, b) => a + b, 0);
  const mean = (v * sum) / NOISE_SD ** 2;
  // log p(x) = log N(x; 0, s² I + s0² 11ᵀ), via the matrix determinant lemma and Sherman–Morrison.
  const s2 = NOISE_SD ** 2;
  const a = PRIOR_SD ** 2;
  const sq = x.reduce((t, xi) => t + xi * xi, 0);
  const logDet = n * Math.log(s2) + Math.log(1 + (n * a) / s2);
  const quad = sq / s2 - (a * sum * sum) / (s2 * (s2 + n * a));
  const logEvidence = -0.5 * (n * Math.log(2 * Math.PI) + logDet + quad);
  return { mean, sd: Math.sqrt(v), logEvidence };
}
