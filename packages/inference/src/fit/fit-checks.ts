/**
 * Up-front checks of {@link fit}'s options: each refused value raises an ArgumentError naming
 * the option, before anything is trained or written.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Batch } from './data.js';
import type { FitOptions } from './loop.js';

function count(v: number | undefined, what: string): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)) throw new ArgumentError('fit', what, `must be a positive integer, got ${String(v)}`);
}

/** Throws naming `what` (or `what.k`) when a tensor of `data` has been disposed. */
function notDisposed(data: Batch, what: string): void {
  const ts: [string, unknown][] = data instanceof tf.Tensor ? [['', data]] : Object.entries(data);
  for (const [k, t] of ts) {
    if (t instanceof tf.Tensor && t.isDisposed) throw new ArgumentError('fit', k === '' ? what : `${what}.${k}`, 'is a disposed tensor');
  }
}

/**
 * Checks the options of {@link fit} that its loop would otherwise misread: `epochs` and
 * `maxSteps` are positive integers (−1 or NaN would train nothing, 1.5 would run 2 epochs), and no
 * tensor of `data` or `validation` has been disposed. `fit` calls it first; not exported from the
 * package (users get its errors from `fit`).
 *
 * @example
 * ```ts
 * import { checkFitOptions } from './fit-checks.js';
 * checkFitOptions({ data: x, batchSize: 100, epochs: 1.5 }); // ArgumentError: fit: argument 'epochs' must be a positive integer, got 1.5
 * ```
 * @category Fitting
 */
export function checkFitOptions<D extends Batch>(options: FitOptions<D>): void {
  count(options.epochs, 'epochs');
  count(options.maxSteps, 'maxSteps');
  count(options.validationBatchSize, 'validationBatchSize');
  const isIterable = typeof (options.data as AsyncIterable<D>)[Symbol.asyncIterator] === 'function';
  if (!isIterable && options.data !== null && typeof options.data === 'object') notDisposed(options.data as D, 'data');
  if (options.validation !== undefined) notDisposed(options.validation, 'validation');
}
