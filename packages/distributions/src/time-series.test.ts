// What the batteries do not cover for the time-series families: broadcasting of stacked values and
// expanded batches, the random walk as the AR(1) with φ = 1, long series, the stationary start's
// own law, and tensor hygiene. SciPy values, moments, gradients and KS tests are in the batteries
// (families.test.ts, rsample.test.ts, pathwise-gradients.test.ts, gaussian-ks.test.ts).
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { AR1 } from './ar1.js';
import { GaussianRandomWalk } from './gaussian-random-walk.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => expect(Math.abs(v - (b[i] as number)), `element ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(tol));
};

describe('GaussianRandomWalk', () => {
  describe('logProb', () => {
    it('scores a stack of draws [n, ...batch, T] per draw and member, broadcasting parameters', () => {
      tf.tidy(() => {
        const d = new GaussianRandomWalk(tf.tensor2d([[0.5], [2]]), 4, { initScale: tf.tensor1d([1, 3, 0.2]) }); // batch [2, 3]
        expect(d.batchShape).toEqual([2, 3]);
        const xs = d.sampleN(5, { seed: 3 });
        expect(xs.shape).toEqual([5, 2, 3, 4]);
        const lp = d.logProb(xs);
        expect(lp.shape).toEqual([5, 2, 3]);
        // One draw scored alone equals its row of the stack.
        const one = tf.reshape(tf.slice(xs, [2, 0, 0, 0], [1, 2, 3, 4]), [2, 3, 4]);
        close(d.logProb(one).dataSync(), tf.slice(lp, [2, 0, 0], [1, 2, 3]).dataSync(), 1e-5);
        // A single path broadcasts against the batch.
        expect(d.logProb(tf.zeros([4])).shape).toEqual([2, 3]);
      });
    });

    it('equals the AR(1) with loc 0, coef 1 and the same start, on values and on draws from the same seed', () => {
      tf.tidy(() => {
        const walk = new GaussianRandomWalk(tf.tensor1d([0.3, 1.7]), 7, { initScale: 2 });
        const ar = new AR1({ loc: 0, coef: 1, scale: tf.tensor1d([0.3, 1.7]) }, 7, { init: { loc: 0, scale: 2 } });
        const x = walk.sampleN(3, { seed: 8 });
        close(walk.logProb(x).dataSync(), ar.logProb(x).dataSync(), 1e-4);
        close(x.dataSync(), ar.sampleN(3, { seed: 8 }).dataSync(), 1e-4); // cumsum vs doubling: a few float32 ulps of |x| < 20
        close(walk.variance().dataSync(), ar.variance().dataSync(), 1e-5);
      });
    });
  });

  describe('expand', () => {
    it('gives every new member its own draws and the same law', () => {
      tf.tidy(() => {
        const d = new GaussianRandomWalk(0.5, 3).expand([4]);
        expect(d.batchShape).toEqual([4]);
        const x = d.sample({ seed: 2 });
        expect(x.shape).toEqual([4, 3]);
        expect(d.variance().shape).toEqual([4, 3]);
        expect(d.entropy().shape).toEqual([4]);
        const rows = x.arraySync() as number[][];
        expect(rows[0]).not.toEqual(rows[1]);
      });
    });
  });

  it('a long series (T = 20000) draws and scores finite values with no tensors left behind', () => {
    const before = tf.memory().numTensors;
    const lp = tf.tidy(() => {
      const d = new GaussianRandomWalk(0.01, 20_000);
      return d.logProb(d.rsample({ seed: 1 })).dataSync()[0] as number;
    });
    expect(Number.isFinite(lp)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('AR1', () => {
  describe('stationary start', () => {
    it('keeps mean and variance constant over time, and refuses |coef| ≥ 1 only when stationary', () => {
      tf.tidy(() => {
        const d = new AR1({ loc: 1, coef: -0.6, scale: 0.8 }, 5);
        close(d.mean().dataSync(), new Array(5).fill(1 / 1.6), 1e-6);
        close(d.variance().dataSync(), new Array(5).fill(0.64 / 0.64), 1e-6);
        expect(d.stationary).toBe(true);
        expect(Object.keys(d.parameters)).toEqual(['loc', 'coef', 'scale']);
        expect(() => new AR1({ coef: 1, scale: 1 }, 5)).toThrow(/stationary/);
        const given = new AR1({ coef: 1, scale: 1 }, 5, { init: { loc: 0, scale: 1 } });
        expect(Object.keys(given.parameters)).toEqual(['loc', 'coef', 'scale', 'initLoc', 'initScale']);
      });
    });
  });

  it('a long series (T = 20000, coef 0.999) draws without overflow: the recursive doubling forms only powers it uses', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = new AR1({ loc: 0.001, coef: 0.999, scale: 0.05 }, 20_000);
      const x = d.rsample({ seed: 4 });
      const values = x.dataSync();
      expect(Array.from(values).every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(d.logProb(x).dataSync()[0] as number)).toBe(true);
      // The stationary law has mean 1 and sd 0.05/√(1 − 0.999²) ≈ 1.12; the path's average lies
      // within a few of its long-run sd (σ/(1 − φ)/√T ≈ 0.35) of the mean.
      const mean = Array.from(values).reduce((a, b) => a + b, 0) / values.length;
      expect(Math.abs(mean - 1)).toBeLessThan(5 * 0.354);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sampleAndLogProb carries pathwise gradients to every parameter, with no tensors left behind', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const params = [tf.scalar(0.2), tf.scalar(0.5), tf.scalar(0.7), tf.scalar(0.1), tf.scalar(0.3)];
      const grads = tf.grads((c: tf.Tensor, phi: tf.Tensor, s: tf.Tensor, m0: tf.Tensor, s0: tf.Tensor) => {
        const { value, logProb } = new AR1({ loc: c, coef: phi, scale: s }, 6, { init: { loc: m0, scale: s0 } }).sampleAndLogProb({ seed: 5 });
        return tf.add(tf.sum(value), logProb);
      })(params);
      grads.forEach((g, i) => expect(Math.abs(g.dataSync()[0] as number), `parameter ${i}`).toBeGreaterThan(0));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
