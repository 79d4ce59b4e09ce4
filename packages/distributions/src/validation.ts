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
 * checks that values lie in the support; both read tensor values back (a sync). Not exported:
 * users call `setValidation` of `@aevb/core`, which this forwards to.
 *
 * @example
 * ```ts
 * setValidation(false); // e.g. after the first training steps ran cleanly
 * ```
 * @internal
 */
export function setValidation(enabled: boolean): void {
  setCoreValidation(enabled);
}

/** Is argument validation on by default (`validationEnabled` of `@aevb/core`)? @internal */
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

/**
 * A condition between parameters that a constructor checks with its parameters' constraints, in
 * the same device read (e.g. `low < high` for a Uniform).
 *
 * @category Distributions
 */
export interface ParameterCondition {
  /** The argument an error names. */
  readonly name: string;
  /** What must hold, for the message (e.g. `must exceed low elementwise`). */
  readonly requirement: string;
  /** The elementwise test (built only when validation is on). */
  readonly holds: () => Tensor;
  /** The tensors whose values at the first failing element the message shows, by name. */
  readonly shows: Readonly<Record<string, Tensor>>;
}

/** One parameter to check: its name, value and constraint. @internal */
export interface ParameterCheck {
  readonly name: string;
  readonly value: Tensor;
  readonly constraint: Constraint;
}

/**
 * Throws an `ArgumentError` (from `@aevb/core`) naming `fn`, the argument and the first offending
 * value when a parameter is outside its constraint, is not finite (NaN or ±Infinity: no family has
 * a meaningful law at an infinite parameter), or a condition fails. All checks are reduced to one
 * flag each on the device and read back together: one read on success.
 *
 * @internal
 */
export function assertParameters(fn: string, params: readonly ParameterCheck[], conditions: readonly ParameterCondition[] = []): void {
  if (params.length + conditions.length === 0) return;
  const flags = tf.tidy(() => {
    const ok = [
      ...params.map((p) => tf.logicalAnd(tf.all(tf.cast(p.constraint.check(p.value), 'bool')), tf.all(finite(p.value)))),
      ...conditions.map((c) => tf.all(tf.cast(c.holds(), 'bool'))),
    ];
    return tf.cast(tf.stack(ok), 'int32').dataSync();
  });
  const bad = Array.prototype.findIndex.call(flags, (v: number) => v !== 1);
  if (bad < 0) return;
  if (bad >= params.length) reportCondition(fn, conditions[bad - params.length] as ParameterCondition);
  const p = params[bad] as ParameterCheck;
  const inside = tf.tidy(() => tf.cast(p.constraint.check(p.value), 'bool').dataSync());
  if (Array.prototype.some.call(inside, (v: number) => !v)) reportViolation(fn, p.name, p.value, p.constraint, inside);
  const isFinite = tf.tidy(() => finite(p.value).dataSync());
  const i = Array.prototype.findIndex.call(isFinite, (v: number) => !v);
  throw new ArgumentError(fn, p.name, `must be finite; element ${i} of shape [${p.value.shape.join(', ')}] is ${p.value.dataSync()[i]}`);
}

/** Elementwise finiteness (integer tensors are finite). */
function finite(x: Tensor): Tensor {
  return x.dtype === 'float32' ? tf.isFinite(x) : tf.cast(tf.onesLike(x), 'bool');
}

function reportCondition(fn: string, c: ParameterCondition): never {
  const ok = tf.tidy(() => tf.cast(c.holds(), 'bool'));
  try {
    const shape = ok.shape;
    const i = Array.prototype.findIndex.call(ok.dataSync(), (v: number) => !v);
    const values = Object.entries(c.shows).map(([k, t]) => `${k} = ${tf.tidy(() => tf.broadcastTo(t, shape).dataSync()[i])}`);
    throw new ArgumentError(fn, c.name, `${c.requirement}; element ${i} has ${values.join(', ')}`);
  } finally {
    ok.dispose();
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
