/**
 * `condition`: turn latent sites into observed ones.
 *
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Runnable } from '../model.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with the sample sites named in `data` observed at the given values: they are no
 * longer latent, and their log-density counts as likelihood.
 *
 * @category Handlers
 */
export function condition<F extends Runnable<never, unknown>>(fn: F, data: Readonly<Record<string, Tensor>>): F {
  const m: Messenger = {
    kind: 'condition',
    process(site: Draft<Site>) {
      if (site.type !== 'sample') return;
      const v = data[site.name];
      if (v !== undefined) {
        site.value = v;
        site.isObserved = true;
      }
    },
  };
  return handle(fn, m);
}
