/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * y = sigmoid(x) = 1 / (1 + exp(-x)), elementwise, onto (0, 1).
 * Inverse x = log(y) - log1p(-y); log |dy/dx| = -softplus(-x) - softplus(x).
 *
 * @category Bijectors
 */
export class SigmoidBijector extends Bijector {
  readonly name = 'Sigmoid';
  readonly eventDim = 0;
  forward(x: Tensor): Tensor {
    return tf.sigmoid(x);
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => tf.sub(tf.log(y), tf.log1p(tf.neg(y))));
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => tf.neg(tf.add(tf.softplus(tf.neg(x)), tf.softplus(x))));
  }
}
