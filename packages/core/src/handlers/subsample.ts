/**
 * `subsample`: declare data-set sizes of minibatched plates.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import { ArgumentError } from '../errors.js';
import type { Messenger } from '../runtime.js';
import type { PlateFrame } from '../site.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with the named plates taking the given full data-set sizes: a plate of `size`
 * M present members out of N scales its sites' log-densities by N/M, so the minibatch
 * objective is an unbiased estimate of the full-data bound (the paper's eq. 8).
 *
 * @category Handlers
 */
export function subsample<F extends Runnable<never, unknown>>(fn: F, fullSizes: Readonly<Record<string, number>>): F {
  for (const [k, n] of Object.entries(fullSizes)) {
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError('subsample', k, `full size must be a positive integer, got ${n}`);
  }
  const m: Messenger = {
    kind: 'subsample',
    processPlate(frame: PlateFrame): PlateFrame {
      const n = fullSizes[frame.name];
      return n === undefined ? frame : { ...frame, fullSize: n };
    },
  };
  return handle(fn, m);
}
