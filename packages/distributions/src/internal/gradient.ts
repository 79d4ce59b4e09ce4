/**
 * Gradient helpers missing from tfjs-core.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

const stop = tf.customGrad((...inputs: (Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(inputs[0] as Tensor),
  gradFunc: (dy: Tensor | Tensor[]) => [tf.zerosLike(dy as Tensor)],
}));

/**
 * Identity in the forward pass, zero gradient in the backward pass (TF's `stop_gradient`).
 *
 * @internal
 */
export function stopGradient<T extends Tensor>(x: T): T {
  return stop(x) as T;
}
