/**
 * Global switches.
 *
 * @module
 */

let validate = true;

/**
 * Turns run-time validation of observed data (finiteness checks, which read tensors back
 * from the device) on or off. On by default; the fitting loop validates its data set once
 * and turns per-step checks off.
 *
 * @category Configuration
 */
export function setValidation(on: boolean): void {
  validate = on;
}

/** Is run-time validation on? @category Configuration */
export function validationEnabled(): boolean {
  return validate;
}

/**
 * Runs `body` with validation set to `on`, restoring the previous setting afterwards.
 *
 * @category Configuration
 */
export function withValidation<R>(on: boolean, body: () => R): R {
  const before = validate;
  validate = on;
  try {
    return body();
  } finally {
    validate = before;
  }
}
