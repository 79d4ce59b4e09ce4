/**
 * Which distribution drew a tensor with `rsample`, and from which seed: lets a family whose
 * log-density is costly to evaluate at an arbitrary point (MultivariateNormal: a triangular solve)
 * score its own draw from the draw's noise instead, when the two calls come separately (a model
 * runtime that samples a site, then scores its value). Keyed weakly by the tensor object, so
 * nothing is kept alive.
 *
 * @module
 * @internal
 */
import type { Tensor } from '@aevb/core';

const draws = new WeakMap<Tensor, { readonly owner: object; readonly seed: number }>();

/** Records that `owner` drew `value` from `seed`. @internal */
export function recordDraw(value: Tensor, owner: object, seed: number): void {
  draws.set(value, { owner, seed });
}

/** The seed `owner` drew `value` from, if it did. @internal */
export function drawSeed(value: Tensor, owner: object): number | undefined {
  const d = draws.get(value);
  return d !== undefined && d.owner === owner ? d.seed : undefined;
}
