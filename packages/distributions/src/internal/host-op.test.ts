// The host path (float64 JS on cpu/wasm) and the tensor path (every other backend) of lgamma,
// digamma, logBeta and the Gamma sampler agree: values and gradients within float32 rounding of
// the tensor series (their documented accuracy), draws within rounding for the same seed.
import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { digamma, lgamma, lgammaCorrection, log1pmx, logBeta } from './special.js';
import { forceHostPath, onHost } from './host-op.js';
import { sampleLogGamma } from './random.js';
import { trigamma64 } from './special64.js';

const both = <T>(f: () => T): { host: T; tensor: T } => {
  forceHostPath(true);
  const host = f();
  forceHostPath(false);
  const tensor = f();
  forceHostPath(undefined);
  return { host, tensor };
};
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const X = [1e-6, 0.03, 0.5, 1, 1.5, 2, 3.7, 7.99, 8, 12.5, 100, 3e4, 1e7];

function expectClose(a: number[], b: number[], rel: number, abs: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThanOrEqual(abs + rel * Math.abs(b[i] as number)));
}

describe('internal/host-op', () => {
  afterEach(() => forceHostPath(undefined));

  it('runs on the host on this backend (cpu or wasm)', () => {
    expect(onHost()).toBe(['cpu', 'wasm'].includes(tf.getBackend()));
  });

  describe('lgamma, digamma', () => {
    // Tolerance: the tensor series' float32 accuracy (1e-6 absolute near the roots, ~1e-6 relative).
    it('give the tensor path values and gradients', () => {
      for (const f of [lgamma, digamma]) {
        const r = both(() => tf.tidy(() => {
          const x = tf.tensor1d(X);
          const { value, grads } = tf.valueAndGrads((v: tf.Tensor) => tf.sum(f(v)))([x]);
          return { value: value.dataSync()[0] as number, y: values(f(x)), g: values(grads[0] as tf.Tensor) };
        }));
        expectClose(r.host.y, r.tensor.y, 3e-6, 3e-6);
        expectClose(r.host.g, r.tensor.g, 1e-5, 3e-5);
      }
    });
    it("give digamma's derivative as trigamma on the host (ψ'(1) = π²/6)", () => {
      forceHostPath(true);
      const g = values(tf.grad((v: tf.Tensor) => tf.sum(digamma(v)))(tf.tensor1d([0.5, 3, 40])));
      [0.5, 3, 40].forEach((x, i) => expect(g[i]).toBeCloseTo(trigamma64(x), 4));
      expect(trigamma64(1)).toBeCloseTo(Math.PI ** 2 / 6, 12);
    });
  });

  describe('log1pmx, lgammaCorrection', () => {
    // Tolerance: float32 rounding of the tensor series (relative 1e-6) and of its gradient.
    it('give the tensor path values and first and second derivatives', () => {
      const cases: [(t: tf.Tensor) => tf.Tensor, number[]][] = [
        [log1pmx, [-0.9, -0.3, -0.099, -1e-4, 1e-6, 0.05, 0.099, 0.5, 3, 1e4]],
        [lgammaCorrection, [8, 9.5, 30, 1e3, 1e6]],
      ];
      for (const [f, xs] of cases) {
        const r = both(() => tf.tidy(() => {
          const x = tf.tensor1d(xs);
          const g1 = tf.grad((v: tf.Tensor) => tf.sum(f(v)));
          return { y: values(f(x)), g: values(g1(x)), h: values(tf.grad((v: tf.Tensor) => tf.sum(g1(v)))(x)) };
        }));
        expectClose(r.host.y, r.tensor.y, 2e-6, 1e-12);
        expectClose(r.host.g, r.tensor.g, 2e-5, 1e-10);
        expectClose(r.host.h, r.tensor.h, 2e-4, 1e-10);
      }
    });
  });

  describe('logBeta', () => {
    it('gives the tensor path values and gradients, broadcasting', () => {
      const r = both(() => tf.tidy(() => {
        const a = tf.tensor2d([[0.2], [1], [9], [5e3]]);
        const b = tf.tensor1d([0.7, 2, 30]);
        const { grads } = tf.valueAndGrads((x: tf.Tensor, y: tf.Tensor) => tf.sum(logBeta(x, y)))([a, b]);
        return { y: values(logBeta(a, b)), ga: values(grads[0] as tf.Tensor), gb: values(grads[1] as tf.Tensor), shapes: grads.map((t) => t.shape) };
      }));
      expectClose(r.host.y, r.tensor.y, 3e-6, 3e-5);
      expectClose(r.host.ga, r.tensor.ga, 1e-5, 1e-4);
      expectClose(r.host.gb, r.tensor.gb, 1e-5, 1e-4);
      expect(r.host.shapes).toEqual([[4, 1], [3]]);
    });
  });

  describe('sampleLogGamma', () => {
    it('draws the same values for the same seed on both paths (all rounds, small and large concentrations)', () => {
      const alpha = tf.tensor1d([0.01, 0.3, 1, 2.5, 40, 1e4]);
      const r = both(() => tf.tidy(() => values(sampleLogGamma(alpha, [200, 6], 77))));
      // Same proposals and rule; float64 vs float32 arithmetic: ~1e-6 relative on log z.
      expectClose(r.host, r.tensor, 2e-5, 2e-5);
      alpha.dispose();
    });
  });
});
