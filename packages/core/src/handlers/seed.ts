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

/** A seeded runnable also exposes its seed stream (for checkpoints). @category Handlers */
export type Seeded<F> = F & {
  /** The stream the handler draws per-site seeds from. */
  readonly seeds: SeedStream;
};

/**
 * Runs `fn` with every sample draw and parameter initialization seeded from `seed`:
 * each site gets `mix(next seed of the stream, hash(site name))`. The stream continues
 * across runs, so a seeded training loop draws fresh noise each step and the same seed
 * reproduces the whole run on the same backend.
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
  const m: Messenger = {
    kind: 'seed',
    process(site: Draft<Site>) {
      if (site.type === 'deterministic' || site.seed !== undefined) return;
      if (site.type === 'sample' && site.value !== undefined) return;
      site.seed = mixSeed(seeds.next(), hashString(site.name));
    },
  };
  return Object.assign(handle(fn, m), { seeds });
}
