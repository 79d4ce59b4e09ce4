import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { initBackend } from '../backend/select.js';
import { matMul } from './matmul.js';

function maxAbsDiff(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}
const rand = (shape: [number, number], seed: number): Tensor2D => tf.randomNormal(shape, 0, 1, 'float32', seed);
const FLAGS: ReadonlyArray<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

describe.each(['cpu', 'wasm'] as const)('matMul on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });

  describe.each(FLAGS)('transposeA=%s transposeB=%s', (ta, tb) => {
    // n=7, k=13, m=5; stored shapes depend on the flags.
    const aShape: [number, number] = ta ? [13, 7] : [7, 13];
    const bShape: [number, number] = tb ? [5, 13] : [13, 5];

    it('matches tf.matMul', () => {
      expect(tf.getBackend()).toBe(backend);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const a = rand(aShape, 1);
        const b = rand(bShape, 2);
        // float32 sums of 13 unit-variance products: rounding error well below 1e-5.
        expect(maxAbsDiff(matMul(a, b, ta, tb), tf.matMul(a, b, ta, tb))).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });

    it("has the same gradients as tf.matMul's", () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const a = rand(aShape, 3);
        const b = rand(bShape, 4);
        const r = rand([7, 5], 5); // loss = sum(C * R) gives dC = R
        const ours = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.mul(matMul(x as Tensor2D, y as Tensor2D, ta, tb), r)))([a, b]);
        const ref = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), r)))([a, b]);
        expect(maxAbsDiff(ours[0] as Tensor, ref[0] as Tensor)).toBeLessThan(1e-5);
        expect(maxAbsDiff(ours[1] as Tensor, ref[1] as Tensor)).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('matches central finite differences (the product is bilinear, so exact up to rounding)', () => {
    tf.tidy(() => {
      const a = rand([3, 4], 6);
      const b = rand([4, 2], 7);
      const r = rand([3, 2], 8);
      const loss = (x: Tensor2D): number => tf.sum(tf.mul(matMul(x, b), r)).dataSync()[0] ?? Number.NaN;
      const g = tf.grad((x: Tensor) => tf.sum(tf.mul(matMul(x as Tensor2D, b), r)))(a).dataSync();
      const av = a.dataSync();
      const h = 1e-2;
      for (let i = 0; i < av.length; i++) {
        const plus = Float32Array.from(av);
        const minus = Float32Array.from(av);
        plus[i] = (plus[i] ?? 0) + h;
        minus[i] = (minus[i] ?? 0) - h;
        const fd = (loss(tf.tensor2d(plus, [3, 4])) - loss(tf.tensor2d(minus, [3, 4]))) / (2 * h);
        // float32 losses of size ~3 differ by ~1e-6 rounding; divided by 2h = 0.02 gives ~1e-4.
        expect(Math.abs(fd - (g[i] ?? Number.NaN))).toBeLessThan(1e-3);
      }
    });
  });

  it('computes only the gradients asked for (no dA matMul when only B is a variable)', async () => {
    const a = rand([20, 30], 9);
    const b = rand([30, 10], 10);
    const count = async (f: () => Tensor): Promise<number> => {
      const info = await tf.profile(() => {
        tf.dispose(f());
      });
      return info.kernels.filter((k) => k.name === 'BatchMatMul').length;
    };
    const onlyB = await count(() => tf.grad((y: Tensor) => tf.sum(matMul(a, y as Tensor2D)))(b));
    const both = await count(() => tf.grads((x: Tensor, y: Tensor) => tf.sum(matMul(x as Tensor2D, y as Tensor2D)))([a, b])[0] as Tensor);
    expect(onlyB).toBe(2); // forward + dB
    expect(both).toBe(3); // forward + dA + dB
    tf.dispose([a, b]);
  });

  it('rejects non-matrices and mismatched inner dimensions', () => {
    tf.tidy(() => {
      expect(() => matMul(tf.zeros([3]) as unknown as Tensor2D, tf.zeros([3, 2]))).toThrow(ArgumentError);
      expect(() => matMul(tf.zeros([3, 4]), tf.zeros([3, 2]))).toThrow(/inner dimensions differ: a \[3, 4\] x b \[3, 2\]/);
      expect(() => matMul(tf.zeros([3, 4], 'int32'), tf.zeros([4, 2]))).toThrow(/must be float32, got int32/);
    });
  });
});
