/**
 * Argument validation switch. Validation reads tensor values (a device sync), so it is a
 * debugging aid that can be turned off for speed once a model runs.
 *
 * @module
 */
import { ArgumentError, setValidation as setCoreValidation, tf, validationEnabled as coreValidationEnabled } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';

/**
 * Turns the default argument validation of new distributions on or off (on at start).
 * A distribution's own `validateArgs` option overrides it.
 *
 * When on, constructors check every parameter against its constraint and `logProb`
 * checks that values lie in the support; both read tensor values back (a sync).
 *
 * @example
 * ```ts
 * setValidation(false); // e.g. after the first training steps ran cleanly
 * ```
 * @category Distributions
 */
export function setValidation(enabled: boolean): void {
  setCoreValidation(enabled);
}

/** Is argument validation on by default? @category Distributions */
export function validationEnabled(): boolean {
  return coreValidationEnabled();
}

/**
 * Throws an `ArgumentError` (from `@aevb/core`) when some element of `x` is outside `constraint`,
 * naming `fn`, `name`, the shape and the first offending value. Reads `x` (a sync).
 *
 * @internal
 */
export function assertConstraint(fn: string, name: string, x: Tensor, constraint: Constraint): void {
  // One scalar read on success; the element-wise result only when reporting a failure.
  const check = tf.tidy(() => tf.cast(constraint.check(x), 'bool'));
  try {
    if (tf.tidy(() => tf.all(check).dataSync()[0]) === 1) return;
    reportViolation(fn, name, x, constraint, check.dataSync());
  } finally {
    check.dispose();
  }
}

function reportViolation(fn: string, name: string, x: Tensor, constraint: Constraint, ok: ArrayLike<number>): never {
  const bad = Array.prototype.findIndex.call(ok, (v: number) => !v);
  const values = x.dataSync();
  const eventSize = constraint.eventDim === 0 ? 1 : x.shape.slice(-constraint.eventDim).reduce((a, b) => a * b, 1);
  const shown = Array.from(values.slice(bad * eventSize, bad * eventSize + Math.min(eventSize, 6)))
    .map((v) => String(v))
    .join(', ');
  throw new ArgumentError(
    fn,
    name,
    `must be in ${constraint.name}; element ${bad} of shape [${x.shape.join(', ')}] is ${eventSize > 1 ? `[${shown}${eventSize > 6 ? ', …' : ''}]` : shown}`,
  );
}
