/**
 * `subsample`: declare which members of a plate a run holds.
 *
 * @module
 */
import type { Tensor1D } from '@tensorflow/tfjs-core';
import type { Runnable } from '../model.js';
import { ArgumentError, ModelError } from '../errors.js';
import type { Messenger } from '../runtime.js';
import type { PlateFrame } from '../site.js';
import { handle } from './handle.js';

/**
 * A plate's subsample: the full number of members N and, optionally, the positions (int32,
 * one per present member) of the members this run holds. The caller owns `indices`.
 *
 * @category Handlers
 */
export interface PlateSubsample {
  /** N, the number of members of the full data set. */
  readonly size: number;
  /** Positions of the present members among the N (needed by per-member parameters). */
  readonly indices?: Tensor1D;
}

/**
 * Runs `fn` with the named plates holding a subsample of their members: a plate of M present
 * members out of N scales its sites' log-densities by N/M, so the minibatch objective is an
 * unbiased estimate of the full-data bound (the paper's eq. 8), and with `indices` its
 * per-member parameters (`ctx.param(…, { eventDim })`) take the rows of those members. The
 * body may open the plate with the present size M (as a model over its minibatch does) or
 * with the full size N (as a guide with per-member parameters does); either becomes M.
 *
 * @example
 * ```ts
 * const idx = tf.tensor1d([4, 0, 7], 'int32');
 * const run = subsample(myModel, { data: { size: 10, indices: idx } }); // a minibatch of rows 4, 0, 7
 * ```
 * @category Handlers
 */
export function subsample<F extends Runnable<never, unknown>>(fn: F, plates: Readonly<Record<string, number | PlateSubsample>>): F {
  const specs = new Map<string, PlateSubsample>();
  for (const [k, v] of Object.entries(plates)) {
    const spec = typeof v === 'number' ? { size: v } : v;
    if (!Number.isInteger(spec.size) || spec.size < 1) throw new ArgumentError('subsample', k, `full size must be a positive integer, got ${spec.size}`);
    if (spec.indices !== undefined && (spec.indices.rank !== 1 || spec.indices.dtype !== 'int32' || spec.indices.size > spec.size)) {
      throw new ArgumentError('subsample', `${k}.indices`, `must be an int32 vector of at most ${spec.size} positions`);
    }
    specs.set(k, spec);
  }
  const m: Messenger = {
    kind: 'subsample',
    processPlate(frame: PlateFrame): PlateFrame {
      const spec = specs.get(frame.name);
      if (spec === undefined) return frame;
      const n = spec.size;
      if (spec.indices === undefined) {
        if (frame.size > n) throw new ModelError(`plate opened with ${frame.size} members but the subsample declares a full size of ${n}`, frame.name);
        return { ...frame, fullSize: n };
      }
      const present = spec.indices.size;
      if (frame.size !== present && frame.size !== n) {
        throw new ModelError(
          `plate opened with ${frame.size} members, but this run holds ${present} of its ${n} members (open it with ${present} or ${n})`,
          frame.name,
        );
      }
      return { ...frame, size: present, fullSize: n, subsample: spec.indices };
    },
  };
  return handle(fn, m);
}
