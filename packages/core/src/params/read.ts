/**
 * Reading a `param` site's value from a store, with per-member parameters following their
 * plates' subsamples.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ModelError, formatShape } from '../errors.js';
import { nextGlobalSeed } from '../random.js';
import type { ParamSite, PlateFrame } from '../site.js';
import type { ParamStore } from './store.js';

/**
 * The members of a per-member parameter present in this run: for every enclosing plate, the
 * axis `rank − eventDim + plate.dim` must have the plate's full size, and a subsampled plate's
 * members are gathered from it by the plate's positions (with gradients on every backend).
 *
 * @internal
 */
export function gatherMembers(name: string, full: Tensor, eventDim: number, plates: readonly PlateFrame[]): Tensor {
  if (!Number.isInteger(eventDim) || eventDim < 0 || eventDim > full.rank) {
    throw new ModelError(`eventDim must be an integer in [0, ${full.rank}] for a value of shape ${formatShape(full.shape)}, got ${eventDim}`, name);
  }
  let v = full;
  for (const f of plates) {
    const axis = full.rank - eventDim + f.dim;
    if (axis < 0) {
      throw new ModelError(
        `has one value per member of plate '${f.name}' (eventDim ${eventDim}) but its shape ${formatShape(full.shape)} has no batch dim ${f.dim} for the plate`,
        name,
      );
    }
    const n = full.shape[axis] as number;
    if (n !== f.fullSize) {
      throw new ModelError(
        `has one value per member of plate '${f.name}', which has ${f.fullSize} members, but its shape ${formatShape(full.shape)} has ${n} at axis ${axis}`,
        name,
      );
    }
    if (f.subsample === undefined) {
      if (f.size === f.fullSize) continue;
      throw new ModelError(
        `plate '${f.name}' holds ${f.size} of its ${f.fullSize} members without their positions, so this per-member parameter cannot follow ` +
          `it; pass the minibatch's row indices to the subsample handler (fit does this)`,
        name,
      );
    }
    v = tf.gather(v, f.subsample, axis);
  }
  return v;
}

/**
 * The value a `param` site takes from `store` (created from the site's `init` on first use):
 * the constrained value, gathered to the present members when the site is per-member.
 *
 * @internal
 */
export function readParam(store: ParamStore, site: ParamSite): Tensor {
  const full = store.get(site.name, {
    init: site.init ?? (() => {
      throw new ModelError('parameter does not exist and has no initial value', site.name);
    }),
    seed: site.seed ?? nextGlobalSeed(),
    constraint: site.constraint,
    transform: site.transform,
  });
  return site.eventDim === undefined ? full : gatherMembers(site.name, full, site.eventDim, site.plates);
}
