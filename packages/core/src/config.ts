/**
 * Run-time validation: a default switch, and the `validate` handler that overrides it for one
 * run (the innermost installed handler wins).
 *
 * @module
 */
import { innermostMessenger, withMessenger, type Messenger } from './runtime.js';
import type { Runnable } from './model.js';

let validateDefault = true;

const KIND = 'validate';

interface ValidateMessenger extends Messenger {
  readonly on: boolean;
}

/**
 * Sets the default of run-time validation (finiteness of observed data and distribution
 * parameters, support checks; each reads tensors back from the device). On by default. The
 * {@link validate} handler overrides it inside one run.
 *
 * @category Configuration
 */
export function setValidation(on: boolean): void {
  validateDefault = on;
}

/** Is run-time validation on here (the innermost `validate` handler, else the default)? @category Configuration */
export function validationEnabled(): boolean {
  const m = innermostMessenger(KIND) as ValidateMessenger | undefined;
  return m === undefined ? validateDefault : m.on;
}

/**
 * Runs `body` with validation `on` or off (a `validate` handler around a plain function).
 *
 * @category Configuration
 */
export function withValidation<R>(on: boolean, body: () => R): R {
  const m: ValidateMessenger = { kind: KIND, on };
  return withMessenger(m, body);
}

/**
 * Runs `fn` with run-time validation `on` or off, whatever the default. The fitting loop
 * validates its data once and runs its steps under `validate(…, false)`.
 *
 * @example
 * ```ts
 * const fast = validate(myModel, false);
 * ```
 * @category Handlers
 */
export function validate<F extends Runnable<never, unknown>>(fn: F, on: boolean): F {
  const inner = fn.run.bind(fn) as (...args: unknown[]) => unknown;
  return { ...fn, run: (...args: unknown[]) => withValidation(on, () => inner(...args)) } as F;
}
