/**
 * `seed`: randomness as an effect.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import { SeedStream, hashString, mixSeed } from '../random.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/** Salt of the stream that seeds observed sites (see {@link seed}). */
const OBSERVED_STREAM = 0x0b5e7;

/** A seeded runnable also exposes its seed stream (for checkpoints). @category Handlers */
export type Seeded<F> = F & {
  /** The stream the handler draws per-site seeds from. */
  readonly seeds: SeedStream;
};

/**
 * Runs `fn` with every sample draw and parameter initialization seeded from `seed`:
 * each site gets `mix(next seed of the stream, hash(site name))`. The stream continues
 * across runs, so a seeded training loop draws fresh noise each step and the same seed
 * reproduces the whole run on the same backend. Observed sites are seeded too, from a second
 * stream derived from `seed`, because a handler outside this one (`uncondition`: wake-sleep's
 * fantasies, predictive draws) may turn them into draws; the main stream, and so every other
 * site's draws, do not depend on them.
 *
 * @example
 * ```ts
 * const a = trace(seed(m, 7)).getTrace(x);
 * const b = trace(seed(m, 7)).getTrace(x); // same values as a
 * ```
 * @category Handlers
 */
export function seed<F extends Runnable<never, unknown>>(fn: F, seedValue: number): Seeded<F> {
  const seeds = new SeedStream(seedValue);
  const observed = new SeedStream(mixSeed(seedValue, OBSERVED_STREAM));
  const m: Messenger = {
    kind: 'seed',
    process(site: Draft<Site>) {
      if (site.type === 'deterministic' || site.seed !== undefined) return;
      if (site.type === 'sample' && site.value !== undefined) {
        if (site.isObserved) site.seed = mixSeed(observed.next(), hashString(site.name));
        return;
      }
      site.seed = mixSeed(seeds.next(), hashString(site.name));
    },
  };
  return Object.assign(handle(fn, m), { seeds });
}
