/**
 * Error classes of aevb. Every error raised by the framework is an {@link AevbError};
 * messages name the site, argument, shape or value at fault.
 *
 * @module
 */

/**
 * Base class of every error aevb raises on purpose.
 *
 * @category Errors
 */
export class AevbError extends Error {
  override readonly name: string = 'AevbError';
  /** @param message - a sentence naming what is wrong and where */
  constructor(message: string) {
    super(message);
  }
}

/**
 * A model or guide did something invalid at a named site: a duplicate site name,
 * an observed value of the wrong shape, a primitive called outside a model run, …
 *
 * @category Errors
 */
export class ModelError extends AevbError {
  override readonly name: string = 'ModelError';
  /** The site at fault, when one is known. */
  readonly site: string | undefined;
  /**
   * @param message - what is wrong
   * @param site - the site at fault
   */
  constructor(message: string, site?: string) {
    super(site === undefined ? message : `site '${site}': ${message}`);
    this.site = site;
  }
}

/**
 * An argument to a function or distribution is invalid (wrong shape, out of its
 * constraint, non-finite, …).
 *
 * @category Errors
 */
export class ArgumentError extends AevbError {
  override readonly name: string = 'ArgumentError';
  /** The argument at fault. */
  readonly argument: string;
  /**
   * @param fn - the function, op or distribution that rejected the argument
   * @param argument - the argument's name
   * @param problem - what is wrong with it
   */
  constructor(fn: string, argument: string, problem: string) {
    super(`${fn}: argument '${argument}' ${problem}`);
    this.argument = argument;
  }
}

/**
 * Reading or writing saved state failed: a corrupt file, a version or shape mismatch.
 *
 * @category Errors
 */
export class PersistenceError extends AevbError {
  override readonly name: string = 'PersistenceError';
}

/**
 * The requested backend could not be initialized.
 *
 * @category Errors
 */
export class BackendError extends AevbError {
  override readonly name: string = 'BackendError';
}

/** Formats a shape as `[a, b, c]` for error messages. @internal */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
