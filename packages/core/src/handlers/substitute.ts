/**
 * `substitute`: give sites fixed values without observing them.
 *
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Runnable } from '../model.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with `param`, latent `sample` and `deterministic` sites named in `values` taking
 * those values (they stay latent: unlike {@link condition}, nothing becomes observed; a
 * substituted deterministic site is an intervention, its downstream sites see the given value).
 * A function may be given instead of a record; it returns `undefined` for sites it leaves alone.
 *
 * @category Handlers
 */
export function substitute<F extends Runnable<never, unknown>>(
  fn: F,
  values: Readonly<Record<string, Tensor>> | ((site: Site) => Tensor | undefined),
): F {
  const lookup = typeof values === 'function' ? values : (site: Site) => values[site.name];
  const m: Messenger = {
    kind: 'substitute',
    process(site: Draft<Site>) {
      if (site.type === 'sample' && site.isObserved) return;
      const v = lookup(site as Site);
      if (v !== undefined) site.value = v;
    },
  };
  return handle(fn, m);
}
