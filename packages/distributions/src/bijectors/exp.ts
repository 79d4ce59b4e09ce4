/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * y = exp(x), elementwise, onto the positive reals; log |dy/dx| = x.
 *
 * @category Bijectors
 */
export class ExpBijector extends Bijector {
  readonly name = 'Exp';
  readonly eventDim = 0;
  forward(x: Tensor): Tensor {
    return tf.exp(x);
  }
  inverse(y: Tensor): Tensor {
    return tf.log(y);
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.clone(x);
  }
}
