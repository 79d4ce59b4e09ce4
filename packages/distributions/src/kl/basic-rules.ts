/**
 * Closed-form KL rules of the location-scale, exponential and discrete families, and of
 * Independent pairs.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Distribution, Tensor } from '@aevb/core';
import { Bernoulli } from '../bernoulli.js';
import { Categorical } from '../categorical.js';
import { Exponential } from '../exponential.js';
import { Independent } from '../independent.js';
import { Laplace } from '../laplace.js';
import { Normal } from '../normal.js';
import { Uniform } from '../uniform.js';
import { hasClosedFormKL, kl, type KLRule } from './registry.js';

/**
 * KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ½(r² + d² − 1) − log r with r = σ₁/σ₂, d = (μ₁ − μ₂)/σ₂.
 *
 * @category KL divergence
 */
export const klNormalNormal: KLRule<Normal, Normal> = {
  p: Normal,
  q: Normal,
  fn: (p, q) => {
    const r = tf.div(p.scale, q.scale);
    const d = tf.div(tf.sub(p.loc, q.loc), q.scale);
    return tf.sub(tf.mul(tf.add(tf.square(r), tf.sub(tf.square(d), 1)), 0.5), tf.log(r));
  },
};

/**
 * KL(Laplace(μ₁, b₁) ‖ Laplace(μ₂, b₂)) = log(b₂/b₁) + |μ₁ − μ₂|/b₂ + (b₁/b₂)·exp(−|μ₁ − μ₂|/b₁) − 1.
 *
 * @category KL divergence
 */
export const klLaplaceLaplace: KLRule<Laplace, Laplace> = {
  p: Laplace,
  q: Laplace,
  fn: (p, q) => {
    const d = tf.abs(tf.sub(p.loc, q.loc));
    const ratio = tf.div(p.scale, q.scale);
    return tf.sub(tf.add(tf.add(tf.neg(tf.log(ratio)), tf.div(d, q.scale)), tf.mul(ratio, tf.exp(tf.neg(tf.div(d, p.scale))))), 1);
  },
};

/**
 * KL(U(a₁, b₁) ‖ U(a₂, b₂)) = log((b₂ − a₂)/(b₁ − a₁)) when [a₁, b₁] ⊆ [a₂, b₂], else +∞.
 *
 * @category KL divergence
 */
export const klUniformUniform: KLRule<Uniform, Uniform> = {
  p: Uniform,
  q: Uniform,
  fn: (p, q) => {
    const v = tf.log(tf.div(tf.sub(q.high, q.low), tf.sub(p.high, p.low)));
    const inside = tf.logicalAnd(tf.greaterEqual(p.low, q.low), tf.lessEqual(p.high, q.high));
    return tf.where(inside, v, tf.fill(v.shape, Infinity));
  },
};

/**
 * KL(Exp(λ₁) ‖ Exp(λ₂)) = log(λ₁/λ₂) + λ₂/λ₁ − 1.
 *
 * @category KL divergence
 */
export const klExponentialExponential: KLRule<Exponential, Exponential> = {
  p: Exponential,
  q: Exponential,
  fn: (p, q) => {
    const r = tf.div(q.rate, p.rate);
    return tf.sub(tf.sub(r, tf.log(r)), 1);
  },
};

/**
 * KL(Bern(p₁) ‖ Bern(p₂)) = p₁(log p₁ − log p₂) + (1 − p₁)(log(1 − p₁) − log(1 − p₂)), from logits.
 *
 * @category KL divergence
 */
export const klBernoulliBernoulli: KLRule<Bernoulli, Bernoulli> = {
  p: Bernoulli,
  q: Bernoulli,
  fn: (p, q) => {
    const lp = p.logits;
    const lq = q.logits;
    const p1 = tf.sigmoid(lp);
    const a = tf.sub(tf.logSigmoid(lp), tf.logSigmoid(lq));
    const b = tf.sub(tf.logSigmoid(tf.neg(lp)), tf.logSigmoid(tf.neg(lq)));
    return tf.add(tf.mul(p1, a), tf.mul(tf.sub(1, p1), b));
  },
};

/**
 * KL(Cat(π₁) ‖ Cat(π₂)) = Σ_k π₁ₖ (log π₁ₖ − log π₂ₖ), from log-softmax of the logits.
 *
 * @category KL divergence
 */
export const klCategoricalCategorical: KLRule<Categorical, Categorical> = {
  p: Categorical,
  q: Categorical,
  fn: (p, q) => {
    const lp = tf.logSoftmax(tf.log(p.probs));
    const lq = tf.logSoftmax(tf.log(q.probs));
    const terms = tf.mul(tf.exp(lp), tf.sub(lp, lq));
    // 0 · log 0 = 0 where π₁ₖ = 0.
    return tf.sum(tf.where(tf.equal(tf.exp(lp), 0), tf.zerosLike(terms), terms), -1);
  },
};

/**
 * KL of two Independent distributions reinterpreting the same number n of batch dims:
 * the base KL summed over those n dimensions. Applies when the bases have a rule.
 *
 * @category KL divergence
 */
export const klIndependentIndependent: KLRule<Independent, Independent> & {
  readonly applies: (p: Distribution, q: Distribution) => boolean;
} = {
  p: Independent,
  q: Independent,
  applies: (p, q) =>
    p instanceof Independent &&
    q instanceof Independent &&
    p.reinterpretedBatchDims === q.reinterpretedBatchDims &&
    hasClosedFormKL(p.base, q.base),
  fn: (p, q) => {
    const base: Tensor = kl(p.base, q.base);
    const n = p.reinterpretedBatchDims;
    if (n === 0) return base;
    const axes = [...Array(n).keys()].map((i) => base.rank - 1 - i);
    return tf.sum(base, axes);
  },
};
