import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { binarize, binarizeTensor, shuffledBatches } from './binarize.js';
import { batchTensor, imagesTensor, labelsTensor } from './tensors.js';

const N = 100_000;
// The mean of N Bernoulli(p) draws has standard error sqrt(p (1 - p) / N) = 0.00145 for p = 0.3;
// the tolerance is 4 standard errors.
const TOL = 4 * Math.sqrt((0.3 * 0.7) / N);

describe('binarize', () => {
  describe('binarize', () => {
    it('draws Bernoulli(p): the mean matches p, 0 and 1 are kept', () => {
      const out = binarize(new Float32Array(N).fill(0.3), 7);
      expect(out.every((v) => v === 0 || v === 1)).toBe(true);
      expect(Math.abs(out.reduce((s, v) => s + v, 0) / N - 0.3)).toBeLessThan(TOL);
      expect(Array.from(binarize(Float32Array.from([0, 1, 0, 1]), 3))).toEqual([0, 1, 0, 1]);
    });
    it('is deterministic per seed and differs across seeds', () => {
      const p = new Float32Array(1000).fill(0.5);
      expect(binarize(p, 1)).toEqual(binarize(p, 1));
      expect(binarize(p, 1)).not.toEqual(binarize(p, 2));
      expect(() => binarize(p, 0.5)).toThrow(/seed' must be an integer; got 0.5/);
    });
  });

  describe('binarizeTensor', () => {
    it('draws Bernoulli(p) on the backend, deterministic per seed, disposing intermediates', () => {
      const x = tf.fill([N], 0.3);
      const before = tf.memory().numTensors;
      const a = binarizeTensor(x, 11);
      const b = binarizeTensor(x, 11);
      expect(tf.memory().numTensors).toBe(before + 2);
      const va = Array.from(a.dataSync());
      expect(va.every((v) => v === 0 || v === 1)).toBe(true);
      expect(Math.abs(va.reduce((s, v) => s + v, 0) / N - 0.3)).toBeLessThan(TOL);
      expect(Array.from(b.dataSync())).toEqual(va);
      tf.dispose([x, a, b]);
    });
  });

  describe('shuffledBatches', () => {
    it('partitions 0..n-1 into batches, deterministically per seed', () => {
      const batches = shuffledBatches(10, 4, 5);
      expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
      expect(batches.flatMap((b) => Array.from(b)).sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(shuffledBatches(10, 4, 5)).toEqual(batches);
      expect(shuffledBatches(10, 4, 6)).not.toEqual(batches);
      expect(shuffledBatches(10, 4, 5, true).map((b) => b.length)).toEqual([4, 4]);
      expect(() => shuffledBatches(10, 0, 1)).toThrow(/batchSize' must be a positive integer; got 0/);
    });
  });
});

describe('tensors', () => {
  const set = { images: Float32Array.from({ length: 12 }, (_, i) => i / 12), labels: Uint8Array.from([3, 1, 4]), n: 3, height: 2, width: 2 };
  it('makes [n, pixels] images, int32 labels and gathered minibatches', () => {
    const before = tf.memory().numTensors;
    const all = imagesTensor(set);
    const labels = labelsTensor(set);
    const batch = batchTensor(set, Int32Array.from([2, 0]));
    expect(all.shape).toEqual([3, 4]);
    expect(labels.dtype).toBe('int32');
    expect(Array.from(labels.dataSync())).toEqual([3, 1, 4]);
    expect(Array.from(batch.dataSync())).toEqual(Array.from(set.images.subarray(8, 12)).concat(Array.from(set.images.subarray(0, 4))));
    tf.dispose([all, labels, batch]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => batchTensor(set, [0, 3])).toThrow(/indices\[1\]' must be an integer in \[0, 3\); got 3/);
  });
});
