/**
 * `replay`: reuse latent values recorded in another trace.
 *
 * @module
 */
import { ModelError, formatShape } from '../errors.js';
import type { Runnable } from '../model.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import type { Trace } from '../trace.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with every unobserved sample site that also appears in `source` taking the
 * recorded value (the guide's draw, when scoring a model against a guide). Observed sites
 * keep their data. A recorded value whose shape differs from what the site's distribution
 * draws is an error naming the site and both shapes.
 *
 * @category Handlers
 */
export function replay<F extends Runnable<never, unknown>>(fn: F, source: Trace): F {
  const m: Messenger = {
    kind: 'replay',
    process(site: Draft<Site>) {
      if (site.type !== 'sample' || site.isObserved) return;
      const rec = source[site.name];
      if (rec === undefined || rec.type !== 'sample' || rec.value === undefined) return;
      const want = [...site.fn.batchShape, ...site.fn.eventShape];
      const got = rec.value.shape;
      if (want.length !== got.length || want.some((d, i) => d !== got[i])) {
        throw new ModelError(
          `the replayed value has shape ${formatShape(got)} but the model's ${site.fn.family} here draws values of shape ${formatShape(want)}`,
          site.name,
        );
      }
      site.value = rec.value;
    },
  };
  return handle(fn, m);
}
