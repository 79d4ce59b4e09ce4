/**
 * Conversion of user arguments (numbers, nested arrays, tensors) to float tensors.
 *
 * @module
 * @internal
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

/**
 * A tensor or a value `tf.tensor` accepts: a number or a (nested) array of numbers.
 *
 * @category Distributions
 */
export type TensorInput = Tensor | number | number[] | number[][] | number[][][] | Float32Array;

/**
 * Converts `x` to a `float32` tensor; a tensor of another dtype is cast, a tensor already
 * `float32` is returned as is. Numbers and arrays become new tensors tracked by the
 * enclosing `tf.tidy` scope.
 *
 * @param x - the argument
 * @param name - the argument's name (for messages)
 * @param fn - the distribution or function receiving it (for messages)
 * @internal
 */
export function toFloat(x: TensorInput, name: string, fn: string): Tensor {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) throw new ArgumentError(fn, name, 'is a disposed tensor');
    return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  }
  if (typeof x === 'number' || Array.isArray(x) || x instanceof Float32Array) {
    try {
      return tf.tensor(x, undefined, 'float32');
    } catch (e) {
      throw new ArgumentError(fn, name, `is not a rectangular numeric array (${(e as Error).message})`);
    }
  }
  throw new ArgumentError(fn, name, `must be a tensor, a number or a numeric array, got ${typeof x}`);
}
