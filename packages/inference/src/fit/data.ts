/**
 * Data sets for fitting: a tensor or a record of tensors sharing their first dimension,
 * sliced into minibatches in a seeded order.
 *
 * @module
 */
import { ArgumentError, ModelError, tf, type Tensor } from '@aevb/core';
import { gatherRows } from '@aevb/core/ops';

/** A data set or batch: one tensor, or named tensors with the same first dimension. @category Fitting */
export type Batch = Tensor | { readonly [name: string]: Tensor };

function tensors(data: Batch): [string, Tensor][] {
  return data instanceof tf.Tensor ? [['data', data]] : Object.entries(data);
}

/**
 * The number of datapoints N (the shared first dimension); throws naming the tensor whose
 * first dimension disagrees, or an empty data set.
 *
 * @category Fitting
 */
export function datasetSize(data: Batch, what = 'data'): number {
  const ts = tensors(data);
  if (ts.length === 0) throw new ArgumentError('fit', what, 'has no tensors');
  let n: number | undefined;
  for (const [k, t] of ts) {
    if (!(t instanceof tf.Tensor)) throw new ArgumentError('fit', `${what}.${k}`, 'is not a tensor');
    if (t.rank === 0) throw new ArgumentError('fit', `${what}.${k}`, 'is a scalar; data need a first (datapoint) dimension');
    const m = t.shape[0] as number;
    if (n === undefined) n = m;
    else if (m !== n) throw new ArgumentError('fit', `${what}.${k}`, `has ${m} rows but other tensors have ${n}`);
  }
  if (n === undefined || n === 0) throw new ArgumentError('fit', what, 'is empty (0 datapoints)');
  return n;
}

/** Rows `indices` of every tensor of `data`. @category Fitting */
export function takeRows<D extends Batch>(data: D, indices: Tensor): D {
  if (data instanceof tf.Tensor) return tf.gather(data, indices) as D;
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(data)) out[k] = tf.gather(t, indices);
  return out as D;
}

/** Rows `rows` (positions, or a contiguous range) of every tensor of `data`, gathered on the host ({@link gatherRows}). @category Fitting */
export function gatherBatchRows<D extends Batch>(data: D, rows: ArrayLike<number> | { readonly start: number; readonly size: number }): D {
  if (data instanceof tf.Tensor) return gatherRows(data, rows) as D;
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(data)) out[k] = gatherRows(t, rows);
  return out as D;
}

/** Rows `[start, start + size)` of every tensor of `data`. @category Fitting */
export function sliceRows<D extends Batch>(data: D, start: number, size: number): D {
  return gatherBatchRows(data, { start, size });
}

/** Disposes every tensor of a batch. @category Fitting */
export function disposeBatch(batch: Batch): void {
  for (const [, t] of tensors(batch)) t.dispose();
}

/** Throws naming the tensor when a data set holds NaN or Infinity (reads the data once). @category Fitting */
export function checkFinite(data: Batch, what = 'data'): void {
  for (const [k, t] of tensors(data)) {
    if (t.dtype !== 'float32') continue;
    const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(t))).dataSync()[0]);
    if (bad !== 0) {
      const row = tf.tidy(() => {
        const perRow = t.rank === 1 ? tf.logicalNot(tf.isFinite(t)) : tf.any(tf.logicalNot(tf.isFinite(t)), [...Array(t.rank).keys()].slice(1));
        return tf.argMax(tf.cast(perRow, 'int32')).dataSync()[0];
      });
      throw new ModelError(`${what}${k === 'data' ? '' : `.${k}`} contains NaN or Infinity (first at row ${row ?? '?'})`);
    }
  }
}

/** A seeded permutation of 0..n−1 (mulberry32 + Fisher–Yates). @category Fitting */
export function permutation(n: number, seed: number): Int32Array {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = p[i] as number;
    p[i] = p[j] as number;
    p[j] = tmp;
  }
  return p;
}
