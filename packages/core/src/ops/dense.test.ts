import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { initBackend } from '../backend/select.js';
import type { Activation } from '../nn/activations.js';
import { ACTIVATIONS } from '../nn/activations.js';
import { fusedDense } from './dense.js';

function maxAbsDiff(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}

/** The same layer written with tf's own ops and gradients. */
function reference(x: Tensor, w: Tensor, b: Tensor | undefined, act: Activation): Tensor {
  const a = b === undefined ? tf.matMul(x, w) : tf.add(tf.matMul(x, w), b);
  switch (act) {
    case 'identity':
      return a;
    case 'tanh':
      return tf.tanh(a);
    case 'relu':
      return tf.relu(a);
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'softplus':
      return tf.softplus(a);
    case 'elu':
      return tf.elu(a);
  }
}

describe.each(['cpu', 'wasm'] as const)('fusedDense on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });

  describe.each(ACTIVATIONS.flatMap((act) => [[act, true] as const, [act, false] as const]))(
    'activation %s, bias %s',
    (act, withBias) => {
      it('matches the composite of tf ops, values and gradients', () => {
        expect(tf.getBackend()).toBe(backend);
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const x = tf.randomNormal([6, 9], 0, 1, 'float32', 11) as Tensor2D;
          const w = tf.randomNormal([9, 4], 0, 0.5, 'float32', 12) as Tensor2D;
          const b = tf.randomNormal([4], 0, 0.5, 'float32', 13) as Tensor1D;
          const r = tf.randomNormal([6, 4], 0, 1, 'float32', 14); // loss = sum(y * r)
          const bias = withBias ? b : undefined;
          // Float32 rounding of 9-term sums and of the activation: ~1e-6; tanh via sigmoid adds < 2.5e-7.
          expect(maxAbsDiff(fusedDense(x, w, bias, act), reference(x, w, bias, act))).toBeLessThan(1e-5);
          const inputs = withBias ? [x, w, b] : [x, w];
          const ours = tf.grads((...t: Tensor[]) =>
            tf.sum(tf.mul(fusedDense(t[0] as Tensor2D, t[1] as Tensor2D, t[2] as Tensor1D | undefined, act), r)),
          )(inputs);
          const ref = tf.grads((...t: Tensor[]) => tf.sum(tf.mul(reference(t[0] as Tensor, t[1] as Tensor, t[2], act), r)))(
            inputs,
          );
          ours.forEach((g, i) => expect(maxAbsDiff(g, ref[i] as Tensor)).toBeLessThan(1e-4));
        });
        expect(tf.memory().numTensors).toBe(before);
      });
    },
  );

  it('matches central finite differences for tanh (float32, step 1e-2)', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([3, 4], 0, 1, 'float32', 21) as Tensor2D;
      const w = tf.randomNormal([4, 2], 0, 0.5, 'float32', 22) as Tensor2D;
      const b = tf.randomNormal([2], 0, 0.5, 'float32', 23) as Tensor1D;
      const loss = (v: Tensor2D): number => tf.sum(fusedDense(x, v, b, 'tanh')).dataSync()[0] ?? Number.NaN;
      const g = tf.grad((v: Tensor) => tf.sum(fusedDense(x, v as Tensor2D, b, 'tanh')))(w).dataSync();
      const wv = w.dataSync();
      const h = 1e-2;
      for (let i = 0; i < wv.length; i++) {
        const p = Float32Array.from(wv);
        const m = Float32Array.from(wv);
        p[i] = (p[i] ?? 0) + h;
        m[i] = (m[i] ?? 0) - h;
        const fd = (loss(tf.tensor2d(p, [4, 2])) - loss(tf.tensor2d(m, [4, 2]))) / (2 * h);
        // truncation error h^2 |f'''| / 6 with |f'''| <= ~8 (x entries ~1) gives < 2e-3; rounding ~1e-4.
        expect(Math.abs(fd - (g[i] ?? Number.NaN))).toBeLessThan(3e-3);
      }
    });
  });

  it('skips the input gradient when x is data (one matMul fewer)', async () => {
    const x = tf.randomNormal([8, 16], 0, 1, 'float32', 31) as Tensor2D;
    const w = tf.randomNormal([16, 4], 0, 1, 'float32', 32) as Tensor2D;
    const b = tf.zeros([4]) as Tensor1D;
    const count = async (f: () => Tensor[]): Promise<number> => {
      const info = await tf.profile(() => {
        tf.dispose(f());
      });
      return info.kernels.filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul').length;
    };
    const onlyParams = await count(() => tf.grads((v: Tensor, c: Tensor) => tf.sum(fusedDense(x, v as Tensor2D, c as Tensor1D, 'tanh')))([w, b]));
    const all = await count(() =>
      tf.grads((u: Tensor, v: Tensor, c: Tensor) => tf.sum(fusedDense(u as Tensor2D, v as Tensor2D, c as Tensor1D, 'tanh')))([x, w, b]),
    );
    expect(onlyParams).toBe(2); // forward + dW
    expect(all).toBe(3); // forward + dW + dx
    tf.dispose([x, w, b]);
  });

  it('names the argument, shape and function in errors', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 3]) as Tensor2D;
      expect(() => fusedDense(x, tf.zeros([4, 5]))).toThrow(ArgumentError);
      expect(() => fusedDense(x, tf.zeros([4, 5]))).toThrow(/fusedDense: argument 'kernel' has shape \[4, 5\] but x has shape \[2, 3\]/);
      expect(() => fusedDense(x, tf.zeros([3, 5]), tf.zeros([4]))).toThrow(/argument 'bias' must be float32 of shape \[5\]/);
      expect(() => fusedDense(x, tf.zeros([3, 5]), undefined, 'gelu' as Activation)).toThrow(/must be one of identity, tanh/);
    });
  });
});
