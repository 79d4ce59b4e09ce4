/**
 * `uncondition`: sample observed sites instead of scoring data.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with every observed sample site drawn from its distribution instead of taking
 * its data (the data still fix shapes). Use it for prior and posterior predictive sampling.
 *
 * @category Handlers
 */
export function uncondition<F extends Runnable<never, unknown>>(fn: F): F {
  const m: Messenger = {
    kind: 'uncondition',
    process(site: Draft<Site>) {
      if (site.type === 'sample' && site.isObserved) {
        site.value = undefined;
        site.isObserved = false;
      }
    },
  };
  return handle(fn, m);
}
