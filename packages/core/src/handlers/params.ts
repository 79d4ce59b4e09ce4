/**
 * `params`: read parameters from a given store.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import type { ParamStore } from '../params/store.js';
import { innermostMessenger, type Messenger } from '../runtime.js';
import { handle } from './handle.js';

const KIND = 'params';

interface ParamsMessenger extends Messenger {
  readonly store: ParamStore;
}

/**
 * The store of the innermost installed `params` handler, if any. Found by scope rather than by
 * message, so a `block` inside (a prototype run of a model) still reads the same store.
 *
 * @internal
 */
export function currentParamStore(): ParamStore | undefined {
  return (innermostMessenger(KIND) as ParamsMessenger | undefined)?.store;
}

/**
 * Runs `fn` with its `param` sites reading (and creating) their values in `store` instead of
 * the global store. The innermost `params` handler wins; sites hidden by `block` inside it
 * read the same store.
 *
 * @example
 * ```ts
 * const store = new ParamStore();
 * trace(params(myGuide, store)).getTrace(x); // creates the guide's parameters in `store`
 * ```
 * @category Handlers
 */
export function params<F extends Runnable<never, unknown>>(fn: F, store: ParamStore): F {
  const m: ParamsMessenger = { kind: KIND, store };
  return handle(fn, m);
}
