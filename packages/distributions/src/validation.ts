/**
 * Argument validation switch. Validation reads tensor values (a device sync), so it is a
 * debugging aid that can be turned off for speed once a model runs.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';

let validationDefault = true;

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
  validationDefault = enabled;
}

/** Is argument validation on by default? @category Distributions */
export function validationEnabled(): boolean {
  return validationDefault;
}

/**
 * Throws an `ArgumentError` (from `@aevb/core`) when some element of `x` is outside `constraint`,
 * naming `fn`, `name`, the shape and the first offending value. Reads `x` (a sync).
 *
 * @internal
 */
export function assertConstraint(fn: string, name: string, x: Tensor, constraint: Constraint): void {
  const ok = tf.tidy(() => tf.cast(constraint.check(x), 'bool').dataSync());
  const bad = ok.findIndex((v) => !v);
  if (bad < 0) return;
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
