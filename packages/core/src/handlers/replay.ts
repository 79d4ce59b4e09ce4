/**
 * `replay`: reuse latent values recorded in another trace.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import type { Trace } from '../trace.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with every unobserved sample site that also appears in `source` taking the
 * recorded value (the guide's draw, when scoring a model against a guide). Observed sites
 * keep their data.
 *
 * @category Handlers
 */
export function replay<F extends Runnable<never, unknown>>(fn: F, source: Trace): F {
  const m: Messenger = {
    kind: 'replay',
    process(site: Draft<Site>) {
      if (site.type !== 'sample' || site.isObserved) return;
      const rec = source[site.name];
      if (rec !== undefined && rec.type === 'sample') site.value = rec.value;
    },
  };
  return handle(fn, m);
}
