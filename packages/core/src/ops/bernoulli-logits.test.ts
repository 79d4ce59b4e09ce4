import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { initBackend } from '../backend/select.js';
import { setLeanTape } from '../backend/lean-tape.js';
import { bernoulliLogitsLogProb } from './bernoulli-logits.js';

function maxAbsDiff(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}
const composite = (x: Tensor, l: Tensor): Tensor => tf.sub(tf.mul(x, l), tf.softplus(l));

describe.each(['cpu', 'wasm'] as const)('bernoulliLogitsLogProb on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });

  it('equals x log σ(l) + (1 − x) log(1 − σ(l)) computed in float64, tails included', () => {
    const ls = [-80, -30, -5, -1, -1e-3, 0, 1e-3, 1, 5, 30, 80];
    const xs = [0, 0.25, 1];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const got = bernoulliLogitsLogProb(
        tf.tensor2d(xs.flatMap((x) => ls.map(() => x)), [xs.length, ls.length]),
        tf.tensor1d(ls),
      ).dataSync();
      xs.forEach((x, i) =>
        ls.forEach((l, j) => {
          // log σ(l) = −log1p(e^−l) and log(1 − σ(l)) = −log1p(e^l), stable on either side.
          const logSig = l > 0 ? -Math.log1p(Math.exp(-l)) : l - Math.log1p(Math.exp(l));
          const logOneMinus = logSig - l;
          const want = x * logSig + (1 - x) * logOneMinus;
          // float32: relative rounding ~1e-7 of terms up to |l| = 80 gives ~1e-5 absolute.
          expect(Math.abs((got[i * ls.length + j] ?? Number.NaN) - want)).toBeLessThan(2e-5 + 1e-6 * Math.abs(want));
        }),
      );
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['same shapes', [4, 6], [4, 6]],
    ['logits broadcast over rows', [4, 6], [6]],
    ['value broadcast over rows', [6], [4, 6]],
  ] as const)('has the gradients of the composite of tf ops (%s)', (_name, xShape, lShape) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.randomUniform([...xShape], 0, 1, 'float32', 1);
      const l = tf.randomNormal([...lShape], 0, 3, 'float32', 2);
      const r = tf.randomNormal([4, 6], 0, 1, 'float32', 3); // loss = Σ lp · r
      expect(maxAbsDiff(bernoulliLogitsLogProb(x, l), composite(x, l))).toBeLessThan(1e-5);
      const ours = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.mul(bernoulliLogitsLogProb(a, b), r)))([x, l]);
      const ref = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.mul(composite(a, b), r)))([x, l]);
      // Sums of at most 4 products of size ~3: float32 rounding far below 1e-5.
      ours.forEach((g, i) => expect(maxAbsDiff(g, ref[i] as Tensor)).toBeLessThan(1e-5));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches central finite differences in the logits (float64 reference, h = 1e-3)', () => {
    const xs = [0, 0.3, 1, 0.7];
    const ls = [-2, 0.5, 1.5, -0.1];
    const f = (l: number, x: number): number => x * l - Math.log1p(Math.exp(l));
    const g = tf.tidy(() => tf.grad((l: Tensor) => tf.sum(bernoulliLogitsLogProb(tf.tensor1d(xs), l)))(tf.tensor1d(ls)).dataSync());
    ls.forEach((l, i) => {
      const fd = (f(l + 1e-3, xs[i] ?? 0) - f(l - 1e-3, xs[i] ?? 0)) / 2e-3;
      // truncation h²|f'''|/6 < 1e-7; the op's float32 σ(l) has error ~1e-7.
      expect(Math.abs((g[i] ?? Number.NaN) - fd)).toBeLessThan(1e-6);
    });
  });

  it('records fewer kernels for the logits gradient than the composite of tf ops', async () => {
    const x = tf.randomUniform([8, 16], 0, 1, 'float32', 4);
    const l = tf.randomNormal([8, 16], 0, 1, 'float32', 5);
    const count = async (f: () => void): Promise<number> => {
      const info = await tf.profile(f);
      return info.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) !== undefined && k.name !== 'Identity').length;
    };
    // Backward kernels = kernels of value-and-gradient minus kernels of the value alone.
    const backward = async (op: (a: Tensor, b: Tensor) => Tensor): Promise<number> =>
      (await count(() => tf.dispose(tf.grad((b: Tensor) => tf.sum(op(x, b)))(l)))) - (await count(() => tf.dispose(tf.sum(op(x, l)))));
    // On TF.js's own tape: ours, the Sum's gradient (Reshape, Multiply), then Sigmoid, Sub, Multiply;
    // the composite also runs Neg, Cast, two Reshapes and an Add.
    const was = setLeanTape(false);
    try {
      const ours = await backward(bernoulliLogitsLogProb);
      expect(ours).toBeLessThanOrEqual(5);
      expect((await backward(composite)) - ours).toBeGreaterThanOrEqual(4);
    } finally {
      setLeanTape(was);
    }
    // On the lean tape (no no-op Cast and Reshape kernels) the composite still runs a Neg and an Add more.
    expect((await backward(composite)) - (await backward(bernoulliLogitsLogProb))).toBeGreaterThanOrEqual(2);
    tf.dispose([x, l]);
  });

  it('names the function, argument and shapes in errors', () => {
    tf.tidy(() => {
      expect(() => bernoulliLogitsLogProb(tf.zeros([2, 3]), tf.zeros([3], 'int32'))).toThrow(ArgumentError);
      expect(() => bernoulliLogitsLogProb(tf.zeros([2, 3]), tf.zeros([3], 'int32'))).toThrow(/bernoulliLogitsLogProb.*'logits'.*float32/);
      expect(() => bernoulliLogitsLogProb(tf.zeros([2, 3]), tf.zeros([4]))).toThrow(/'value' has shape \[2, 3\], which does not broadcast with logits \[4\]/);
    });
  });
});
