import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, initBackend } from '../index.js';
import { segmentSum } from './segment-sum-kernel.js';

// Random effects by index: d/du Σ_i [y_i η_i − exp(η_i)], η_i = b + u[g_i], is the per-group sum
// Σ_{i: g_i = k} (y_i − exp(η_i)): TF.js's gather gradient is an UnsortedSegmentSum, which the
// wasm backend lacks (aevb registers one). Checked on every backend aevb chooses in Node.
const group = [0, 2, 1, 2, 0, 3, 3, 2, 1, 0];
const y = [1, 4, 0, 5, 2, 1, 0, 3, 1, 2];
const u0 = [0.3, -0.2, 0.5, 0.1];
const b = 0.4;

function analytic(): number[] {
  const g = [0, 0, 0, 0];
  group.forEach((k, i) => (g[k] = (g[k] as number) + (y[i] as number) - Math.exp(b + (u0[k] as number))));
  return g;
}

describe('gather gradients (UnsortedSegmentSum) on every backend', () => {
  const original = backendInfo()?.name ?? 'wasm';
  afterAll(async () => {
    await initBackend({ order: [original], force: true });
  });
  it.each(['wasm', 'cpu'] as const)('%s: the gradient of a random-intercept Poisson log-likelihood is the per-group sum', async (name) => {
    const info = await initBackend({ order: [name], force: true });
    expect(info.name).toBe(name);
    const g = tf.tidy(() => {
      const idx = tf.tensor1d(group, 'int32');
      const yt = tf.tensor1d(y);
      const f = (u: tf.Tensor): tf.Scalar => {
        const eta = tf.add(b, tf.gather(u, idx));
        return tf.sum(tf.sub(tf.mul(yt, eta), tf.exp(eta))) as tf.Scalar;
      };
      return Array.from(tf.grad(f)(tf.tensor1d(u0)).dataSync());
    });
    analytic().forEach((v, k) => expect(g[k]).toBeCloseTo(v, 4));
  });
  it('the host segment sum drops out-of-range ids and sums repeats', () => {
    const out = new Float32Array(3);
    segmentSum([1, 2, 3, 4, 5, 6], [2, -1, 2, 5, 0, 7], 3, 1, out);
    expect(Array.from(out)).toEqual([5, 0, 4]);
    const rows = new Float32Array(4);
    segmentSum([1, 2, 3, 4, 5, 6], [1, 1, 0], 2, 2, rows);
    expect(Array.from(rows)).toEqual([5, 6, 4, 6]);
  });
});
