/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * The identity y = x on events of rank `eventDim`; log-det 0.
 *
 * @category Bijectors
 */
export class IdentityBijector extends Bijector {
  readonly name = 'Identity';
  /** @param eventDim - event rank (0 elementwise, 1 vectors) */
  constructor(readonly eventDim: number = 0) {
    super();
  }
  forward(x: Tensor): Tensor {
    return tf.clone(x);
  }
  inverse(y: Tensor): Tensor {
    return tf.clone(y);
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.zeros(x.shape.slice(0, x.rank - this.eventDim));
  }
}
