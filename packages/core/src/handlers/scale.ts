/**
 * `scale`: multiply log-densities.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import { ArgumentError } from '../errors.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with the log-density of every sample site multiplied by `factor` (> 0), e.g. to
 * anneal the likelihood or weight a data set. Composes by multiplication.
 *
 * @category Handlers
 */
export function scale<F extends Runnable<never, unknown>>(fn: F, factor: number): F {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new ArgumentError('scale', 'factor', `must be finite and > 0, got ${factor}`);
  const m: Messenger = {
    kind: 'scale',
    process(site: Draft<Site>) {
      if (site.type === 'sample') site.scale *= factor;
    },
  };
  return handle(fn, m);
}
