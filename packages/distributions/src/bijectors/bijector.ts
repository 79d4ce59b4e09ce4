/**
 * The base class of bijectors: subclasses implement `forward`, `inverse` and
 * `forwardLogDetJacobian`; the rest derives from them.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor, Transform } from '@aevb/core';

/**
 * A differentiable bijection y = f(x) with log |det df/dx| (core's {@link Transform}).
 * Derived: `inverseLogDetJacobian(y) = -forwardLogDetJacobian(inverse(y))`.
 *
 * @category Bijectors
 */
export abstract class Bijector implements Transform {
  /** Short name for messages. */
  abstract readonly name: string;
  /** Rightmost input dimensions consumed by one application (0 = elementwise). */
  abstract readonly eventDim: number;
  /** y = f(x). */
  abstract forward(x: Tensor): Tensor;
  /** x = f^{-1}(y). */
  abstract inverse(y: Tensor): Tensor;
  /** log |det df(x)/dx|, reduced over the event dimensions (elementwise for eventDim 0). */
  abstract forwardLogDetJacobian(x: Tensor): Tensor;
  /** log |det df^{-1}(y)/dy| = -forwardLogDetJacobian(f^{-1}(y)). */
  inverseLogDetJacobian(y: Tensor): Tensor {
    return tf.tidy(() => tf.neg(this.forwardLogDetJacobian(this.inverse(y))));
  }
  /** Event rank of outputs (differs from eventDim only for reshaping bijectors). */
  get outputEventDim(): number {
    return this.eventDim;
  }
}

/** Sums an elementwise log-det over the `dims` rightmost axes. @internal */
export function sumRightmost(x: Tensor, dims: number): Tensor {
  if (dims <= 0) return x;
  return tf.sum(x, Array.from({ length: dims }, (_, i) => x.rank - 1 - i));
}
