/** @module */
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * The inverse of a bijector: forward is the base's inverse, and
 * log |det| = base.inverseLogDetJacobian.
 *
 * @category Bijectors
 */
export class InverseBijector extends Bijector {
  readonly name: string;
  readonly eventDim: number;
  /** @param base - the bijector to invert */
  constructor(readonly base: Bijector) {
    super();
    this.name = `Inverse(${base.name})`;
    this.eventDim = base.eventDim;
  }
  forward(x: Tensor): Tensor {
    return this.base.inverse(x);
  }
  inverse(y: Tensor): Tensor {
    return this.base.forward(y);
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return this.base.inverseLogDetJacobian(x);
  }
  override inverseLogDetJacobian(y: Tensor): Tensor {
    return this.base.forwardLogDetJacobian(y);
  }
}
