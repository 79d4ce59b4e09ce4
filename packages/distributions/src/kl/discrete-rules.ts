/**
 * Closed-form KL rules of D3's discrete families: one-hot categorical, binomial (equal trial
 * counts) and geometric.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Binomial } from '../binomial.js';
import { Geometric } from '../geometric.js';
import { OneHotCategorical } from '../one-hot-categorical.js';
import { xlogy } from '../internal/special.js';
import { kl, type KLRule } from './registry.js';

/** p log(p/q) + (1 − p) log((1 − p)/(1 − q)), with 0 log 0 = 0. */
function bernoulliKL(p: Tensor, q: Tensor): Tensor {
  const p1 = tf.sub(1, p);
  const q1 = tf.sub(1, q);
  return tf.add(tf.sub(xlogy(p, p), xlogy(p, q)), tf.sub(xlogy(p1, p1), xlogy(p1, q1)));
}

/**
 * KL(OneHotCategorical(p) ‖ OneHotCategorical(q)) = KL of the categoricals, Σₖ pₖ log(pₖ/qₖ).
 *
 * @category KL divergence
 */
export const klOneHotCategoricalOneHotCategorical: KLRule<OneHotCategorical, OneHotCategorical> = {
  p: OneHotCategorical,
  q: OneHotCategorical,
  fn: (p, q) => kl(p.categorical, q.categorical),
};

/**
 * KL(Binomial(n, p) ‖ Binomial(n, q)) = n [p log(p/q) + (1 − p) log((1 − p)/(1 − q))]; applies only
 * when both have the same trial count: the same `totalCount` tensor, or equal counts given as
 * numbers (tensors are compared by identity, never read back).
 *
 * @category KL divergence
 */
export const klBinomialBinomial: KLRule<Binomial, Binomial> & {
  readonly applies: (p: Binomial, q: Binomial) => boolean;
} = {
  p: Binomial,
  q: Binomial,
  applies: (p, q) =>
    p.totalCount === q.totalCount || (p.totalCountNumber !== undefined && p.totalCountNumber === q.totalCountNumber),
  fn: (p, q) => tf.mul(p.totalCount, bernoulliKL(p.probs, q.probs)),
};

/**
 * KL(Geometric(p) ‖ Geometric(q)) = ((1 − p)/p) log((1 − p)/(1 − q)) + log(p/q).
 *
 * @category KL divergence
 */
export const klGeometricGeometric: KLRule<Geometric, Geometric> = {
  p: Geometric,
  q: Geometric,
  fn: (p, q) => {
    const a = p.probs;
    const b = q.probs;
    const a1 = tf.sub(1, a);
    return tf.add(tf.div(tf.sub(xlogy(a1, a1), xlogy(a1, tf.sub(1, b))), a), tf.sub(tf.log(a), tf.log(b)));
  },
};
