/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * y = tanh(x), elementwise, onto (-1, 1). Inverse x = atanh(y) = (log1p(y) - log1p(-y)) / 2;
 * log |dy/dx| = log(1 - tanh(x)^2) = 2 (log 2 - x - softplus(-2x)), stable for large |x|.
 *
 * @category Bijectors
 */
export class TanhBijector extends Bijector {
  readonly name = 'Tanh';
  readonly eventDim = 0;
  forward(x: Tensor): Tensor {
    return tf.tanh(x);
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => tf.mul(0.5, tf.sub(tf.log1p(y), tf.log1p(tf.neg(y)))));
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => tf.mul(2, tf.sub(tf.sub(Math.LN2, x), tf.softplus(tf.mul(-2, x)))));
  }
}
