/**
 * Vectorized random draws built on tfjs's seeded uniform and normal generators.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { sampleLogGammaHost } from './gamma-host.js';
import { onHost } from './host-op.js';
import { broadcastAs } from './shapes.js';

/** Smallest normal float32: draws that underflow below it are clipped to it. @internal */
export const TINY = 1.1754944e-38;
/** Largest float32 below 1. @internal */
export const ONE_BELOW = 1 - 2 ** -24;

/** Uniform draws on the open interval (0, 1). @internal */
export function uniformOpen(shape: readonly number[], seed: number): Tensor {
  return tf.tidy(() => tf.clipByValue(tf.randomUniform([...shape], 0, 1, 'float32', seed), TINY, ONE_BELOW));
}

/** Standard normal draws. @internal */
export function standardNormal(shape: readonly number[], seed: number): Tensor {
  return tf.randomNormal([...shape], 0, 1, 'float32', seed);
}

/**
 * Proposal rounds of the vectorized Marsaglia–Tsang sampler. Each round accepts with
 * probability at least 0.95 (the worst case is concentration 1), so an element is still
 * unaccepted after all rounds with probability below 0.05^8 ≈ 4e-11; it then takes the
 * mode of the proposal (`d`).
 */
const GAMMA_ROUNDS = 8;

/**
 * Log of Gamma(concentration, 1) draws of the given shape (Marsaglia & Tsang 2000,
 * vectorized with a fixed number of proposal rounds; concentrations below 1 use the
 * boost `G(α) = G(α + 1) · U^{1/α}`, applied in log space so tiny concentrations do not
 * underflow). Not reparameterized. On the cpu and wasm backends the rounds run on the host
 * (gamma-host.ts), with the same draws.
 *
 * @param concentration - broadcastable to `shape`, positive
 * @internal
 */
export function sampleLogGamma(concentration: Tensor, shape: readonly number[], seed: number): Tensor {
  if (onHost()) {
    const alpha = tf.tidy(() => broadcastAs(concentration, shape).dataSync());
    return sampleLogGammaHost(alpha, shape, seed, GAMMA_ROUNDS, standardNormal, uniformOpen);
  }
  return tf.tidy(() => {
    const alpha = tf.broadcastTo(concentration, [...shape]);
    const small = tf.less(alpha, 1);
    const boosted = tf.where(small, tf.add(alpha, 1), alpha);
    const d = tf.sub(boosted, 1 / 3);
    const c = tf.rsqrt(tf.mul(d, 9));
    let result: Tensor = d;
    let done: Tensor = tf.cast(tf.zerosLike(alpha), 'bool');
    for (let r = 0; r < GAMMA_ROUNDS; r++) {
      const x = standardNormal(shape, mixSeed(seed, 2 * r));
      const logU = tf.log(uniformOpen(shape, mixSeed(seed, 2 * r + 1)));
      const v = tf.pow(tf.add(1, tf.mul(c, x)), 3);
      const positive = tf.greater(v, 0);
      const safeV = tf.where(positive, v, tf.onesLike(v));
      // accept when log u < x²/2 + d − d·v + d·log v
      const bound = tf.add(tf.add(tf.mul(tf.square(x), 0.5), d), tf.mul(d, tf.sub(tf.log(safeV), safeV)));
      const ok = tf.logicalAnd(positive, tf.less(logU, bound));
      result = tf.where(tf.logicalAnd(ok, tf.logicalNot(done)), tf.mul(d, safeV), result);
      done = tf.logicalOr(done, ok);
    }
    const logBoost = tf.div(tf.log(uniformOpen(shape, mixSeed(seed, 2 * GAMMA_ROUNDS))), alpha);
    return tf.add(tf.log(result), tf.where(small, logBoost, tf.zerosLike(logBoost)));
  });
}
