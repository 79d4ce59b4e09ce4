/**
 * Activation functions by name, and their derivatives expressed through the output.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { fastTanh, tanhGradFromOutput } from '../ops/tanh.js';

/**
 * Names of the activation functions that {@link activate}, `fusedDense` of `@aevb/core/ops` and the
 * modules accept:
 * - `identity`: y = x
 * - `tanh`: y = tanh(x)
 * - `relu`: y = max(x, 0)
 * - `sigmoid`: y = 1 / (1 + exp(-x))
 * - `softplus`: y = log(1 + exp(x))
 * - `elu`: y = x for x > 0, exp(x) - 1 otherwise
 *
 * @category Neural networks
 */
export type Activation = 'identity' | 'tanh' | 'relu' | 'sigmoid' | 'softplus' | 'elu';

/** Every {@link Activation}, in a fixed order. @category Neural networks */
export const ACTIVATIONS: readonly Activation[] = ['identity', 'tanh', 'relu', 'sigmoid', 'softplus', 'elu'];

/** Whether `name` is an {@link Activation}. @category Neural networks */
export function isActivation(name: string): name is Activation {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

/** Throws an ArgumentError naming `fn` unless `name` is an activation. @internal */
export function checkActivation(fn: string, argument: string, name: string): asserts name is Activation {
  if (!isActivation(name)) {
    throw new ArgumentError(fn, argument, `must be one of ${ACTIVATIONS.join(', ')}, got '${name}'`);
  }
}

/**
 * Applies an activation elementwise; differentiable. `tanh` uses {@link fastTanh}.
 *
 * @example
 * ```ts
 * const h = activate(tf.tensor1d([-1, 0, 2]), 'relu'); // [0, 0, 2]
 * ```
 * @param x - a float32 tensor
 * @param activation - which function
 * @throws ArgumentError for an unknown activation name
 * @category Neural networks
 */
export function activate<T extends Tensor>(x: T, activation: Activation): T {
  checkActivation('activate', 'activation', activation);
  switch (activation) {
    case 'identity':
      return x;
    case 'tanh':
      return fastTanh(x);
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softplus':
      return tf.softplus(x);
    case 'elu':
      return tf.elu(x);
  }
}

/**
 * The upstream gradient times the activation's derivative, computed from the output y
 * alone (so the pre-activation need not be kept):
 * tanh' = 1 - y^2, sigmoid' = y (1 - y), relu' = [y > 0], softplus' = 1 - exp(-y),
 * elu' = 1 for y > 0 else y + 1, identity' = 1.
 * @internal
 */
export function activationGradFromOutput(dy: Tensor, y: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case 'identity':
      return dy;
    case 'tanh':
      return tanhGradFromOutput(dy, y);
    case 'relu':
      return tf.tidy(() => tf.mul(dy, tf.step(y)));
    case 'sigmoid':
      return tf.tidy(() => tf.mul(dy, tf.mul(y, tf.sub(1, y))));
    case 'softplus':
      // sigmoid(x) = 1 - exp(-softplus(x)); expm1 keeps precision when y is tiny.
      return tf.tidy(() => tf.mul(dy, tf.neg(tf.expm1(tf.neg(y)))));
    case 'elu':
      return tf.engine().runKernel('EluGrad', { dy, y }) as Tensor;
  }
}
