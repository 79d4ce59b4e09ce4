/**
 * Closed-form KL rules of the Gamma, Beta and Dirichlet families.
 *
 * @module
 */
import { tf } from '@aevb/core';
import { Beta } from '../beta.js';
import { Dirichlet } from '../dirichlet.js';
import { Gamma } from '../gamma.js';
import { digamma, lgamma, logBeta } from '../internal/special.js';
import type { KLRule } from './registry.js';

/**
 * KL(Gamma(α₁, β₁) ‖ Gamma(α₂, β₂)) (shape α, rate β)
 * = (α₁ − α₂)ψ(α₁) − lnΓ(α₁) + lnΓ(α₂) + α₂(ln β₁ − ln β₂) + α₁(β₂ − β₁)/β₁.
 *
 * @category KL divergence
 */
export const klGammaGamma: KLRule<Gamma, Gamma> = {
  p: Gamma,
  q: Gamma,
  fn: (p, q) => {
    const a1 = p.concentration;
    const a2 = q.concentration;
    const b1 = p.rate;
    const b2 = q.rate;
    return tf.addN([
      tf.mul(tf.sub(a1, a2), digamma(a1)),
      tf.neg(lgamma(a1)),
      lgamma(a2),
      tf.mul(a2, tf.sub(tf.log(b1), tf.log(b2))),
      tf.mul(a1, tf.div(tf.sub(b2, b1), b1)),
    ]);
  },
};

/**
 * KL(Beta(a₁, b₁) ‖ Beta(a₂, b₂)) = ln B(a₂, b₂) − ln B(a₁, b₁) + (a₁ − a₂)ψ(a₁) + (b₁ − b₂)ψ(b₁)
 * + (a₂ − a₁ + b₂ − b₁)ψ(a₁ + b₁).
 *
 * @category KL divergence
 */
export const klBetaBeta: KLRule<Beta, Beta> = {
  p: Beta,
  q: Beta,
  fn: (p, q) => {
    const a1 = p.concentration1;
    const b1 = p.concentration0;
    const a2 = q.concentration1;
    const b2 = q.concentration0;
    return tf.addN([
      logBeta(a2, b2),
      tf.neg(logBeta(a1, b1)),
      tf.mul(tf.sub(a1, a2), digamma(a1)),
      tf.mul(tf.sub(b1, b2), digamma(b1)),
      tf.mul(tf.sub(tf.add(a2, b2), tf.add(a1, b1)), digamma(tf.add(a1, b1))),
    ]);
  },
};

/**
 * KL(Dir(α) ‖ Dir(β)) = lnΓ(Σα) − Σ lnΓ(α) − lnΓ(Σβ) + Σ lnΓ(β) + Σ (α − β)(ψ(α) − ψ(Σα)).
 *
 * @category KL divergence
 */
export const klDirichletDirichlet: KLRule<Dirichlet, Dirichlet> = {
  p: Dirichlet,
  q: Dirichlet,
  fn: (p, q) => {
    const a = p.concentration;
    const b = q.concentration;
    const a0 = tf.sum(a, -1);
    const b0 = tf.sum(b, -1);
    const t = tf.sum(tf.mul(tf.sub(a, b), tf.sub(digamma(a), tf.expandDims(digamma(a0), -1))), -1);
    return tf.addN([lgamma(a0), tf.neg(tf.sum(lgamma(a), -1)), tf.neg(lgamma(b0)), tf.sum(lgamma(b), -1), t]);
  },
};
