/**
 * Gradient helpers missing from tfjs-core.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { broadcastAs } from './shapes.js';

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

/**
 * `where(inside, lp, −∞)` where `inside = check(value)` is computed in the forward pass only:
 * boolean support checks never enter the gradient tape (tfjs cannot differentiate through
 * them), and the gradient of `lp` is passed through where the value is inside the support.
 *
 * @internal
 */
export function maskOutsideSupport(lp: Tensor, value: Tensor, check: (v: Tensor) => Tensor): Tensor {
  const f = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const c = check(value);
    const inside = broadcastAs(c.dtype === 'bool' ? c : tf.cast(c, 'bool'), x.shape);
    const out = tf.where(inside, x, tf.fill(x.shape, -Infinity));
    save([tf.cast(inside, 'float32')]);
    return { value: out, gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, saved[0] as Tensor) };
  });
  return f(lp);
}
