/**
 * A minibatch's place in its data set: the data set's size N and the rows it holds.
 *
 * @module
 */
import { ArgumentError, ModelError, tf } from '@aevb/core';
import { datasetSize, type Batch } from './data.js';
import type { DataPlan } from './data-plan.js';

/**
 * Where a batch comes from: a data set of `dataSize` rows (N), of which the batch holds rows
 * `indices` (in the batch's order). Without `indices` the positions are unknown, which is fine
 * unless per-member parameters must follow the batch.
 *
 * @category Fitting
 */
export interface Minibatch {
  /** N, the number of datapoints of the full data set. */
  readonly dataSize: number;
  /** The batch's rows' positions in the data set (one per row of the batch). */
  readonly indices?: ArrayLike<number>;
}

/**
 * Checks a minibatch description against its batch and the data plan; returns the batch's
 * number of rows. A batch that is not the whole data set needs a data plate (to be scaled).
 *
 * @internal
 */
export function checkMinibatch(batch: Batch, mb: Minibatch | undefined, plan: DataPlan | undefined): number {
  const rows = datasetSize(batch, 'batch');
  if (mb === undefined) return rows;
  const n = mb.dataSize;
  if (!Number.isInteger(n) || n < rows) {
    throw new ArgumentError('step', 'dataSize', `must be an integer of at least the batch's ${rows} rows, got ${n}`);
  }
  if (mb.indices !== undefined) {
    const idx = mb.indices;
    if (idx.length !== rows) throw new ArgumentError('step', 'indices', `has ${idx.length} positions for a batch of ${rows} rows`);
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i] as number;
      if (!Number.isInteger(r) || r < 0 || r >= n) throw new ArgumentError('step', 'indices', `position ${r} (at ${i}) is not a row of the ${n} datapoints`);
    }
  }
  if (plan !== undefined && plan.plate === undefined && (rows < n || mb.indices !== undefined)) {
    throw new ModelError(
      `a minibatch of ${rows} of ${n} rows cannot be scaled to the data set, because ${plan.noPlateReason ?? 'the data has no plate'}; ` +
        `put the rows in a ctx.plate (conditionally independent given the latents outside it), or fit all ${n} rows at once`,
    );
  }
  return rows;
}

const descriptions = new WeakMap<object, Minibatch>();

/**
 * Attaches a minibatch description to a batch object, for code that receives the batch alone
 * (a resumed fit creates its parameters from an example batch). @internal
 */
export function describeBatch(batch: Batch, mb: Minibatch): void {
  descriptions.set(batch, mb);
}

/** The description attached by {@link describeBatch}, if any. @internal */
export function descriptionOf(batch: Batch): Minibatch | undefined {
  return descriptions.get(batch);
}

function tensorsOf(b: Batch): [string, tf.Tensor][] {
  return b instanceof tf.Tensor ? [['data', b]] : Object.entries(b);
}

/**
 * Are `a` and `b` the same data: the same tensors, or tensors of equal shapes and values (read
 * back; used only for models with per-member parameters, whose data are small)?
 *
 * @internal
 */
export function sameData(a: Batch, b: Batch): boolean {
  if (a === b) return true;
  const ta = tensorsOf(a);
  const tb = new Map(tensorsOf(b));
  if (ta.length !== tb.size) return false;
  for (const [k, t] of ta) {
    const u = tb.get(k);
    if (u === undefined) return false;
    if (t === u) continue;
    if (u.isDisposed || t.isDisposed || !tf.util.arraysEqual(t.shape, u.shape) || t.dtype !== u.dtype) return false;
    const x = t.dataSync();
    const y = u.dataSync();
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(x[i] as number) && Number.isNaN(y[i] as number))) return false;
  }
  return true;
}
