/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector, sumRightmost } from './bijector.js';

/**
 * Treats `reinterpretedDims` more rightmost axes as part of the event: same map, log-det summed
 * over those axes (the bijector of an `independent(c, n)` constraint).
 *
 * @category Bijectors
 */
export class IndependentBijector extends Bijector {
  readonly name: string;
  readonly eventDim: number;
  /**
   * @param base - the bijector applied
   * @param reinterpretedDims - extra axes summed in the log-det
   */
  constructor(
    readonly base: Bijector,
    readonly reinterpretedDims: number,
  ) {
    super();
    this.name = `Independent(${base.name}, ${reinterpretedDims})`;
    this.eventDim = base.eventDim + reinterpretedDims;
  }
  forward(x: Tensor): Tensor {
    return this.base.forward(x);
  }
  inverse(y: Tensor): Tensor {
    return this.base.inverse(y);
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => sumRightmost(this.base.forwardLogDetJacobian(x), this.reinterpretedDims));
  }
}
