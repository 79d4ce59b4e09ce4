/**
 * Seeded parameter initializers. Each factory returns an {@link Initializer}: a function of
 * `(shape, seed)` that is deterministic in its seed and identical on every backend (the
 * random numbers are drawn by tfjs-core's seeded generator, not by the backend).
 *
 * Fans: for a shape [fanIn, fanOut] the usual ones; for rank 1, fanIn = fanOut = n; for
 * higher ranks, fanOut is the last dimension and fanIn the product of the others.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ArgumentError, formatShape } from '../errors.js';
import type { Initializer } from './module.js';

/** fanIn and fanOut of a parameter shape (see the module notes). @internal */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const fanOut = shape[shape.length - 1] ?? 1;
  const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return { fanIn, fanOut };
}

function checkShape(fn: string, shape: readonly number[]): number[] {
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ArgumentError(fn, 'shape', `must hold positive integers, got ${formatShape(shape)}`);
  }
  return [...shape];
}

function checkPositive(fn: string, argument: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new ArgumentError(fn, argument, `must be a positive finite number, got ${v}`);
}

/**
 * Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)), variance
 * 2 / (fanIn + fanOut).
 *
 * @example
 * ```ts
 * const w = glorotUniform()([784, 500], 42);
 * ```
 * @category Neural networks
 */
export function glorotUniform(): Initializer {
  return (shape: readonly number[], seed: number): Tensor => {
    const s = checkShape('glorotUniform', shape);
    const { fanIn, fanOut } = fans(s);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform(s, -limit, limit, 'float32', seed);
  };
}

/**
 * Glorot (Xavier) normal: N(0, 2 / (fanIn + fanOut)), not truncated.
 *
 * @category Neural networks
 */
export function glorotNormal(): Initializer {
  return (shape: readonly number[], seed: number): Tensor => {
    const s = checkShape('glorotNormal', shape);
    const { fanIn, fanOut } = fans(s);
    return tf.randomNormal(s, 0, Math.sqrt(2 / (fanIn + fanOut)), 'float32', seed);
  };
}

/**
 * He (Kaiming) normal for ReLU layers: N(0, 2 / fanIn), not truncated.
 *
 * @category Neural networks
 */
export function heNormal(): Initializer {
  return (shape: readonly number[], seed: number): Tensor => {
    const s = checkShape('heNormal', shape);
    return tf.randomNormal(s, 0, Math.sqrt(2 / fans(s).fanIn), 'float32', seed);
  };
}

/**
 * Normal N(0, std^2). The default std 0.01 is the initialization of Kingma & Welling (2013),
 * section 5: "parameters ... initialized by random sampling from N(0, 0.01)".
 *
 * @param std - standard deviation (default 0.01)
 * @throws ArgumentError if `std` is not positive and finite
 * @category Neural networks
 */
export function normal(std = 0.01): Initializer {
  checkPositive('normal', 'std', std);
  return (shape: readonly number[], seed: number): Tensor =>
    tf.randomNormal(checkShape('normal', shape), 0, std, 'float32', seed);
}

/**
 * All zeros (the usual bias initializer); ignores the seed.
 *
 * @category Neural networks
 */
export function zeros(): Initializer {
  return (shape: readonly number[]): Tensor => tf.zeros(checkShape('zeros', shape));
}

/**
 * Every entry equal to `value`; ignores the seed.
 *
 * @param value - a finite number
 * @throws ArgumentError if `value` is not finite
 * @category Neural networks
 */
export function constant(value: number): Initializer {
  if (!Number.isFinite(value)) throw new ArgumentError('constant', 'value', `must be finite, got ${value}`);
  return (shape: readonly number[]): Tensor => tf.fill(checkShape('constant', shape), value);
}
