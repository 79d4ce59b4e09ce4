/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { softplusInverse } from '../internal/special.js';
import { Bijector } from './bijector.js';

/**
 * y = softplus(x) = log(1 + exp(x)), elementwise, onto the positive reals.
 * Inverse x = y + log(-expm1(-y)); log |dy/dx| = log sigmoid(x) = -softplus(-x).
 *
 * @category Bijectors
 */
export class SoftplusBijector extends Bijector {
  readonly name = 'Softplus';
  readonly eventDim = 0;
  forward(x: Tensor): Tensor {
    return tf.softplus(x);
  }
  inverse(y: Tensor): Tensor {
    return softplusInverse(y);
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => tf.neg(tf.softplus(tf.neg(x))));
  }
}
