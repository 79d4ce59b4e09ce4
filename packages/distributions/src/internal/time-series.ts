/**
 * Vectorized building blocks of the Gaussian time-series families (GaussianRandomWalk, AR1):
 * per-step parameter tracks, first differences and the first-order linear recurrence, each a
 * fixed number of tensor ops along the last (time) axis, with no loop over time steps.
 *
 * @module
 * @internal
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { independent, real } from '../constraints.js';
import type { DistConstraint } from '../constraints.js';
import { broadcastShapes } from './shapes.js';

/** The support of a real series, `independent(real, 1)`: every coordinate is real. @internal */
export const REAL_SERIES: DistConstraint = independent(real, 1);

/** ½ log 2π. @internal */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Throws unless `n` is a positive integer (the length of a series). @internal */
export function checkNumSteps(family: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(family, 'numSteps', `must be a positive integer, got ${n}`);
}

/**
 * The track `[first, rest, rest, …]` of length `t` along a new last axis: shape
 * `broadcast(first, rest) ++ [t]`. E.g. the standard deviation of each step's noise.
 *
 * @internal
 */
export function firstThenRest(family: string, first: Tensor, rest: Tensor, t: number): Tensor {
  const batch = broadcastShapes(family, { first: first.shape, rest: rest.shape });
  const head = tf.broadcastTo(tf.expandDims(first, -1), [...batch, 1]);
  if (t === 1) return head;
  return tf.concat([head, tf.broadcastTo(tf.expandDims(rest, -1), [...batch, t - 1])], -1);
}

/** `x[..., from : from + size]` along the last axis. */
function lastAxisSlice(x: Tensor, from: number, size: number): Tensor {
  const lead = x.rank - 1;
  return tf.slice(x, [...new Array<number>(lead).fill(0), from], [...new Array<number>(lead).fill(-1), size]);
}

/**
 * The innovations of a first-order recurrence: `[x_1 − m_1, x_t − c − a x_{t−1} (t ≥ 2)]` along
 * the last axis, where `m_1` is `firstLoc` and `a`, `c` broadcast against `x`'s leading axes
 * (`x` has shape `[..., T]`; `firstLoc`, `loc`, `coef` are batch-shaped, without the time axis).
 * A random walk is `a = 1`, `c = 0`.
 *
 * @internal
 */
export function innovations(x: Tensor, firstLoc: Tensor, loc: Tensor | undefined, coef: Tensor | undefined): Tensor {
  const t = x.shape[x.rank - 1] as number;
  const head = tf.sub(lastAxisSlice(x, 0, 1), tf.expandDims(firstLoc, -1));
  if (t === 1) return head;
  const prev = lastAxisSlice(x, 0, t - 1);
  let predicted = coef === undefined ? prev : tf.mul(tf.expandDims(coef, -1), prev);
  if (loc !== undefined) predicted = tf.add(predicted, tf.expandDims(loc, -1));
  return tf.concat([head, tf.sub(lastAxisSlice(x, 1, t - 1), predicted)], -1);
}

/**
 * The solution of the linear recurrence `y_1 = b_1`, `y_t = a y_{t−1} + b_t` along the last
 * axis, i.e. `y_t = Σ_{k ≤ t} a^{t−k} b_k`, by recursive doubling (Hillis–Steele):
 *
 * ```text
 * for d = 1, 2, 4, … < T:   y_t ← y_t + a^d y_{t−d}  (t > d),   a^d ← (a^d)²
 * ```
 *
 * ⌈log₂ T⌉ rounds of five tensor ops, O(T log T) work, differentiable in `a` and `b`. Only
 * powers of `a` that multiply an existing term are formed, so |a| > 1 overflows only where the
 * series itself does. `b` has shape `[..., T]`; `a` is batch-shaped (no time axis) and
 * broadcasts against `b`'s leading axes.
 *
 * @internal
 */
export function linearRecurrence(b: Tensor, a: Tensor): Tensor {
  const t = b.shape[b.rank - 1] as number;
  let y = b;
  let power = tf.expandDims(a, -1);
  for (let d = 1; d < t; d *= 2) {
    const shifted = tf.mul(power, lastAxisSlice(y, 0, t - d));
    y = tf.concat([lastAxisSlice(y, 0, d), tf.add(lastAxisSlice(y, d, t - d), shifted)], -1);
    if (2 * d < t) power = tf.square(power);
  }
  return y;
}

/**
 * Σ_t log N(e_t; 0, s_t²) over the last axis, for standardized innovations `z = e / s`:
 * `Σ_t (−z_t²/2 − log s_t − ½ log 2π)`.
 *
 * @internal
 */
export function gaussianPathLogProb(z: Tensor, scales: Tensor): Tensor {
  return tf.sum(tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(scales), HALF_LOG_2PI)), -1);
}
