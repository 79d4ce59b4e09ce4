/**
 * Dynamic binarization: grey values p in [0, 1] become Bernoulli(p) draws, fresh each epoch.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import { SeedStream, mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';

const TWO_POW_31 = 2 ** 31;

/**
 * Draws a binarization of grey values: out[i] = 1 if u_i < p_i else 0, with u_i uniform on [0, 1)
 * derived from `(seed, i)` by a counter-based hash (core's `mixSeed`), so the result depends only on
 * the seed and the index. Pure JavaScript (about 1-3 s for the 47M pixels of 60,000 digits); per
 * minibatch, {@link binarizeTensor} draws on the backend instead.
 *
 * @param values - grey values in [0, 1]
 * @param seed - an integer seed; use a different one each epoch
 * @category Data
 */
export function binarize(values: Float32Array, seed: number): Float32Array {
  if (!Number.isInteger(seed)) throw new ArgumentError('binarize', 'seed', `must be an integer; got ${seed}`);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = mixSeed(seed, i) / TWO_POW_31 < (values[i] ?? 0) ? 1 : 0;
  }
  return out;
}

/**
 * Draws a binarization of a tensor of grey values on the backend (no data leaves the device):
 * `cast(uniform(shape; seed) < x)`. Intermediates are disposed; the caller owns the result.
 *
 * @param x - grey values in [0, 1]
 * @param seed - an integer seed
 * @category Data
 */
export function binarizeTensor<T extends Tensor>(x: T, seed: number): T {
  if (!Number.isInteger(seed)) throw new ArgumentError('binarizeTensor', 'seed', `must be an integer; got ${seed}`);
  return tf.tidy(() => tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', seed), x), 'float32') as T);
}

/**
 * Splits the indices 0 … n-1 into shuffled minibatches (Fisher–Yates driven by a
 * `SeedStream` (from `@aevb/core`) of `seed`); the last batch holds the remainder unless `dropLast`.
 *
 * @category Data
 */
export function shuffledBatches(n: number, batchSize: number, seed: number, dropLast = false): Int32Array[] {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError('shuffledBatches', 'n', `must be a non-negative integer; got ${n}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ArgumentError('shuffledBatches', 'batchSize', `must be a positive integer; got ${batchSize}`);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const stream = new SeedStream(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((stream.next() / TWO_POW_31) * (i + 1));
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += batchSize) {
    if (dropLast && start + batchSize > n) break;
    batches.push(order.subarray(start, Math.min(n, start + batchSize)));
  }
  return batches;
}
