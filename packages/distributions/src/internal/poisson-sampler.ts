/**
 * Vectorized Poisson draws: inversion for small rates, Hörmann's transformed rejection
 * (PTRS) for large ones, each with a fixed number of steps so the whole batch runs as a
 * few tensor ops per step, with no reads back.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { uniformOpen } from './random.js';
import { lgamma } from './special.js';

/** Rates below this use inversion, at or above it PTRS (as NumPy does). */
export const PTRS_THRESHOLD = 10;

/**
 * Inversion steps: the draw counts the CDF values below u, so it is exact unless the draw
 * exceeds this; for rates below 10, P(X ≥ 48) < 3e-16.
 */
const INVERSION_STEPS = 48;

/**
 * PTRS proposal rounds. Each round accepts with probability above 0.9 for rates ≥ 10
 * (Hörmann 1993, table 1), so all rounds fail with probability below 0.1^12 = 1e-12; an
 * element that never accepts takes `floor(rate)`.
 */
const PTRS_ROUNDS = 12;

/** Poisson(rate) draws of `shape` (rate broadcast to it), as float32 counts. @internal */
export function samplePoisson(rate: Tensor, shape: readonly number[], seed: number): Tensor {
  return tf.tidy(() => {
    const lam = tf.broadcastTo(rate, [...shape]);
    const small = tf.less(lam, PTRS_THRESHOLD);
    const lamSmall = tf.where(small, lam, tf.onesLike(lam));
    const lamLarge = tf.where(small, tf.fill([...shape], PTRS_THRESHOLD), lam);
    return tf.where(small, byInversion(lamSmall, shape, seed), byPtrs(lamLarge, shape, mixSeed(seed, 1)));
  });
}

/** x = #{k ≥ 0 : F(k) < u}, with pmf(k + 1) = pmf(k) · λ/(k + 1). */
function byInversion(lam: Tensor, shape: readonly number[], seed: number): Tensor {
  const u = uniformOpen(shape, seed);
  let pmf: Tensor = tf.exp(tf.neg(lam));
  let cdf: Tensor = pmf;
  let x: Tensor = tf.zerosLike(lam);
  for (let k = 0; k < INVERSION_STEPS; k++) {
    x = tf.add(x, tf.cast(tf.less(cdf, u), 'float32'));
    pmf = tf.mul(pmf, tf.div(lam, k + 1));
    cdf = tf.add(cdf, pmf);
  }
  return x;
}

/** Hörmann's PTRS for λ ≥ 10 (W. Hörmann, "The transformed rejection method for generating Poisson random variables", 1993). */
function byPtrs(lam: Tensor, shape: readonly number[], seed: number): Tensor {
  const slam = tf.sqrt(lam);
  const logLam = tf.log(lam);
  const b = tf.add(tf.mul(slam, 2.53), 0.931);
  const a = tf.add(tf.mul(b, 0.02483), -0.059);
  const logInvAlpha = tf.log(tf.add(tf.div(1.1328, tf.sub(b, 3.4)), 1.1239));
  const vr = tf.sub(0.9277, tf.div(3.6224, tf.sub(b, 2)));
  let result: Tensor = tf.floor(lam);
  let done: Tensor = tf.cast(tf.zerosLike(lam), 'bool');
  for (let r = 0; r < PTRS_ROUNDS; r++) {
    const u = tf.sub(uniformOpen(shape, mixSeed(seed, 2 * r)), 0.5);
    const v = uniformOpen(shape, mixSeed(seed, 2 * r + 1));
    const us = tf.sub(0.5, tf.abs(u));
    const k = tf.floor(tf.add(tf.mul(tf.add(tf.div(tf.mul(a, 2), us), b), u), tf.add(lam, 0.43)));
    const quick = tf.logicalAnd(tf.greaterEqual(us, 0.07), tf.lessEqual(v, vr));
    const rejected = tf.logicalOr(tf.less(k, 0), tf.logicalAnd(tf.less(us, 0.013), tf.greater(v, us)));
    const kSafe = tf.maximum(k, 0);
    const lhs = tf.sub(tf.add(tf.log(v), logInvAlpha), tf.log(tf.add(tf.div(a, tf.square(us)), b)));
    const rhs = tf.sub(tf.sub(tf.mul(kSafe, logLam), lam), lgamma(tf.add(kSafe, 1)));
    const ok = tf.logicalOr(quick, tf.logicalAnd(tf.logicalNot(rejected), tf.lessEqual(lhs, rhs)));
    result = tf.where(tf.logicalAnd(ok, tf.logicalNot(done)), kSafe, result);
    done = tf.logicalOr(done, ok);
  }
  return result;
}
