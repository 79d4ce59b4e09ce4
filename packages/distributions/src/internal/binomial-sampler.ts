/**
 * Vectorized binomial draws: inversion when n·min(p, 1 − p) < 10, Hörmann's BTRS (transformed
 * rejection with squeeze) above, each with a fixed number of steps so the whole batch runs as a
 * few tensor ops per step, with no reads back; cost independent of n.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { uniformOpen } from './random.js';
import { lgammaCorrection, log1pAccurate } from './special.js';

/** Means n·min(p, 1 − p) below this use inversion, at or above it BTRS (as NumPy does). */
const BTRS_THRESHOLD = 10;
/** Inversion steps: exact unless the draw reaches 48; for means below 10, P(X ≥ 48) < 3e-16. */
const INVERSION_STEPS = 48;
/**
 * BTRS rounds. Each accepts with probability above 0.85 for n·p ≥ 10 (Hörmann 1993), so all 16
 * fail with probability below 1e-13; such an element takes the mode.
 */
const BTRS_ROUNDS = 16;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The Stirling tail below for k = 0 … 6, in float64 (log k! as a sum of logs). */
const SMALL_TAILS = Array.from({ length: 7 }, (_, k) => {
  let logFact = 0;
  for (let j = 2; j <= k; j++) logFact += Math.log(j);
  return logFact - ((k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_2PI);
});

/**
 * lgamma(k + 1) − [(k + ½) log(k + 1) − (k + 1) + ½ log 2π] for integers k ≥ 0: the series for
 * k + 1 ≥ 8, a table below (cheaper than lgamma inside the rejection rounds).
 */
function stirlingTail(k: Tensor): Tensor {
  const x = tf.add(k, 1);
  const table = tf.gather(tf.tensor1d(SMALL_TAILS), tf.cast(tf.clipByValue(k, 0, 6), 'int32'));
  return tf.where(tf.greaterEqual(x, 8), lgammaCorrection(tf.maximum(x, 8)), table);
}

/** Binomial(n, p) draws of `shape` (n, p broadcast to it), as float32 counts. @internal */
export function sampleBinomial(count: Tensor, probs: Tensor, shape: readonly number[], seed: number): Tensor {
  return tf.tidy(() => {
    const n = tf.broadcastTo(count, [...shape]);
    const p = tf.broadcastTo(probs, [...shape]);
    // Draw the count of the rarer outcome; flip back at the end.
    const flip = tf.greater(p, 0.5);
    const q = tf.where(flip, tf.sub(1, p), p);
    const small = tf.less(tf.mul(n, q), BTRS_THRESHOLD);
    const nLarge = tf.where(small, tf.fill([...shape], 100), n);
    const qLarge = tf.where(small, tf.fill([...shape], 0.5), q);
    const x = tf.where(small, byInversion(n, q, shape, seed), byBtrs(nLarge, qLarge, shape, mixSeed(seed, 1)));
    return tf.where(flip, tf.sub(n, x), x);
  });
}

/** x = #{k ≥ 0 : F(k) < u}, with pmf(k + 1) = pmf(k) · (n − k)/(k + 1) · p/(1 − p). */
function byInversion(n: Tensor, p: Tensor, shape: readonly number[], seed: number): Tensor {
  const u = uniformOpen(shape, seed);
  const odds = tf.div(p, tf.sub(1, p));
  let pmf: Tensor = tf.exp(tf.mul(n, log1pAccurate(tf.neg(p))));
  let cdf: Tensor = pmf;
  let x: Tensor = tf.zerosLike(n);
  for (let k = 0; k < INVERSION_STEPS; k++) {
    x = tf.add(x, tf.cast(tf.logicalAnd(tf.less(cdf, u), tf.less(x, n)), 'float32'));
    pmf = tf.mul(pmf, tf.mul(tf.div(tf.relu(tf.sub(n, k)), k + 1), odds));
    cdf = tf.add(cdf, pmf);
  }
  return x;
}

/**
 * BTRS for n·p ≥ 10, p ≤ ½ (W. Hörmann, "The generation of binomial random variates", 1993); the
 * acceptance test compares log(v α / (a/us² + b)) with log f(k)/f(m), written with Stirling tails
 * and log1p of small ratios so it keeps float32 accuracy for large n.
 */
function byBtrs(n: Tensor, p: Tensor, shape: readonly number[], seed: number): Tensor {
  const q = tf.sub(1, p);
  const spq = tf.sqrt(tf.mul(tf.mul(n, p), q));
  const b = tf.add(tf.mul(spq, 2.53), 1.15);
  const a = tf.add(tf.add(tf.mul(b, 0.0248), tf.mul(p, 0.01)), -0.0873);
  const c = tf.add(tf.mul(n, p), 0.5);
  const vr = tf.sub(0.92, tf.div(4.2, b));
  const alpha = tf.mul(tf.add(tf.div(5.1, b), 2.83), spq);
  const logR = tf.sub(tf.log(p), tf.log(q));
  const m = tf.floor(tf.mul(tf.add(n, 1), p));
  const tailsM = tf.add(stirlingTail(m), stirlingTail(tf.sub(n, m)));
  let result: Tensor = m;
  let done: Tensor = tf.cast(tf.zerosLike(n), 'bool');
  for (let r = 0; r < BTRS_ROUNDS; r++) {
    const u = tf.sub(uniformOpen(shape, mixSeed(seed, 2 * r)), 0.5);
    const v = uniformOpen(shape, mixSeed(seed, 2 * r + 1));
    const us = tf.sub(0.5, tf.abs(u));
    const k = tf.floor(tf.add(tf.mul(tf.add(tf.div(tf.mul(a, 2), us), b), u), c));
    const inRange = tf.logicalAnd(tf.greaterEqual(k, 0), tf.lessEqual(k, n));
    const quick = tf.logicalAnd(tf.greaterEqual(us, 0.07), tf.lessEqual(v, vr));
    const ks = tf.clipByValue(k, 0, 1e30);
    const kc = tf.minimum(ks, n);
    const lhs = tf.log(tf.div(tf.mul(v, alpha), tf.add(tf.div(a, tf.square(us)), b)));
    // log f(k)/f(m) = (m + ½) log((m + 1)/(r (n − m + 1))) + (n + 1) log((n − m + 1)/(n − k + 1))
    //   + (k + ½) log(r (n − k + 1)/(k + 1)) + tails(m) − tails(k)
    const nm1 = tf.add(tf.sub(n, m), 1);
    const nk1 = tf.add(tf.sub(n, kc), 1);
    const t1 = tf.mul(tf.add(m, 0.5), tf.sub(tf.sub(tf.log(tf.add(m, 1)), logR), tf.log(nm1)));
    const t2 = tf.mul(tf.add(n, 1), log1pAccurate(tf.div(tf.sub(kc, m), nk1)));
    const t3 = tf.mul(tf.add(kc, 0.5), tf.sub(tf.add(logR, tf.log(nk1)), tf.log(tf.add(kc, 1))));
    const tailsK = tf.add(stirlingTail(kc), stirlingTail(tf.sub(n, kc)));
    const rhs = tf.add(tf.add(t1, t2), tf.add(t3, tf.sub(tailsM, tailsK)));
    const ok = tf.logicalAnd(inRange, tf.logicalOr(quick, tf.lessEqual(lhs, rhs)));
    result = tf.where(tf.logicalAnd(ok, tf.logicalNot(done)), kc, result);
    done = tf.logicalOr(done, ok);
  }
  return result;
}
