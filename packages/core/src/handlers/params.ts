/**
 * `params`: read parameters from a given store.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import { withParamStore, type ParamStore } from '../params/store.js';

/**
 * Runs `fn` with `param` sites reading (and creating) their values in `store` instead of
 * the global store.
 *
 * @category Handlers
 */
export function params<F extends Runnable<never, unknown>>(fn: F, store: ParamStore): F {
  const inner = fn.run.bind(fn) as (...args: unknown[]) => unknown;
  return { ...fn, run: (...args: unknown[]) => withParamStore(store, () => inner(...args)) } as F;
}
