/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * y = shift + scale * x, elementwise (scale nonzero; both broadcast against x).
 * log |dy/dx| = log |scale|.
 *
 * @category Bijectors
 */
export class AffineBijector extends Bijector {
  readonly name = 'Affine';
  readonly eventDim = 0;
  /**
   * @param shift - added after scaling (number or tensor broadcasting against x)
   * @param scale - the nonzero multiplier
   */
  constructor(
    readonly shift: number | Tensor = 0,
    readonly scale: number | Tensor = 1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return tf.tidy(() => tf.add(tf.mul(x, this.scale), this.shift));
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => tf.div(tf.sub(y, this.shift), this.scale));
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => tf.add(tf.zerosLike(x), tf.log(tf.abs(tf.add(tf.scalar(0), this.scale)))));
  }
}
