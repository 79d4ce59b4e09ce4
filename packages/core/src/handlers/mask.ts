/**
 * `mask`: drop some batch members' log-densities.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Runnable } from '../model.js';
import { ModelError, formatShape } from '../errors.js';
import type { Messenger } from '../runtime.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

/**
 * Runs `fn` with a boolean `mask` (broadcastable to each sample site's batch shape) applied:
 * members where the mask is false contribute 0 to the log-density. Masks compose with
 * logical and. The caller owns (and disposes) the mask tensor.
 *
 * @category Handlers
 */
export function mask<F extends Runnable<never, unknown>>(fn: F, maskTensor: Tensor): F {
  const m: Messenger = {
    kind: 'mask',
    process(site: Draft<Site>) {
      if (site.type !== 'sample') return;
      const batch = site.fn.batchShape;
      try {
        tf.broadcast_util.assertAndGetBroadcastShape(maskTensor.shape, [...batch]);
      } catch {
        throw new ModelError(
          `mask of shape ${formatShape(maskTensor.shape)} does not broadcast to batch shape ${formatShape(batch)}`,
          site.name,
        );
      }
      const b = maskTensor.dtype === 'bool' ? maskTensor : tf.cast(maskTensor, 'bool');
      site.mask = site.mask === undefined ? b : tf.logicalAnd(site.mask, b);
    },
  };
  return handle(fn, m);
}
