/** @module */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * y = x^p on the positive reals (p nonzero), elementwise. Inverse x = y^(1/p);
 * log |dy/dx| = log |p| + (p - 1) log x.
 *
 * @category Bijectors
 */
export class PowerBijector extends Bijector {
  readonly name = 'Power';
  readonly eventDim = 0;
  /** @param exponent - p, a nonzero number */
  constructor(readonly exponent: number) {
    super();
    if (exponent === 0 || !Number.isFinite(exponent)) {
      throw new ArgumentError('PowerBijector', 'exponent', `must be finite and nonzero, got ${exponent}`);
    }
  }
  forward(x: Tensor): Tensor {
    return tf.tidy(() => tf.exp(tf.mul(this.exponent, tf.log(x))));
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => tf.exp(tf.div(tf.log(y), this.exponent)));
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => tf.add(Math.log(Math.abs(this.exponent)), tf.mul(this.exponent - 1, tf.log(x))));
  }
}
