/**
 * `block`: hide sites from the handlers outside.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/** Which sites {@link block} hides. Default: all. @category Handlers */
export interface BlockOptions {
  /** Hide only these names. */
  readonly hide?: readonly string[];
  /** Hide everything but these names. */
  readonly expose?: readonly string[];
  /** Hide only these site types. */
  readonly hideTypes?: readonly Site['type'][];
}

/**
 * Runs `fn` with the chosen sites invisible to handlers installed outside this one (they
 * still run their default action). Use it to keep a sub-model's sites out of a trace.
 *
 * @category Handlers
 */
export function block<F extends Runnable<never, unknown>>(fn: F, options: BlockOptions = {}): F {
  const hidden = (site: Draft<Site>): boolean => {
    if (options.hide !== undefined) return options.hide.includes(site.name);
    if (options.expose !== undefined) return !options.expose.includes(site.name);
    if (options.hideTypes !== undefined) return options.hideTypes.includes(site.type);
    return true;
  };
  const m: Messenger = {
    kind: 'block',
    process(site: Draft<Site>) {
      if (hidden(site)) site.stop = true;
    },
  };
  return handle(fn, m);
}
