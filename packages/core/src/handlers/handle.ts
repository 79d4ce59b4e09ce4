/**
 * Wrapping a runnable (model, guide, or handled one) in a messenger.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import { withMessenger, type Messenger } from '../runtime.js';

/**
 * Returns a copy of `fn` (keeping its type, so a handled model is still a model of the same
 * latents) whose runs happen with `messenger` installed. The same messenger instance serves
 * every run, so stateful handlers (`seed`) continue across runs.
 *
 * @category Handlers
 */
export function handle<F extends Runnable<never, unknown>>(fn: F, messenger: Messenger): F {
  const inner = fn.run.bind(fn) as (...args: unknown[]) => unknown;
  return { ...fn, run: (...args: unknown[]) => withMessenger(messenger, () => inner(...args)) } as F;
}
