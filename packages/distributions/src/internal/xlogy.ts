/**
 * `x · log y` with the convention `0 · log 0 = 0`.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

/**
 * `x · log y`, defined as 0 where `x = 0` (so `0 · log 0 = 0`), elementwise; the
 * unselected branch stays finite so gradients do not become NaN.
 *
 * @internal
 */
export function xlogy(x: Tensor, y: Tensor): Tensor {
  return tf.tidy(() => {
    const zero = tf.equal(x, 0);
    const safeY = tf.where(zero, tf.onesLike(y), y);
    return tf.where(zero, tf.zerosLike(tf.mul(x, y)), tf.mul(x, tf.log(safeY)));
  });
}
