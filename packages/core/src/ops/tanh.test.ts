import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/select.js';
import { fastTanh } from './tanh.js';

describe.each(['cpu', 'wasm'] as const)('fastTanh on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });

  it('matches tf.tanh within float32 rounding, including the tails', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.concat([tf.linspace(-20, 20, 2001), tf.tensor1d([0, 1e-8, -1e-8, 50, -50])]);
      const err = tf.max(tf.abs(tf.sub(fastTanh(x), tf.tanh(x)))).dataSync()[0] ?? Number.NaN;
      expect(err).toBeLessThan(2.5e-7); // 2 sigmoid(2x) - 1: one float32 ulp of values near 1
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has gradient 1 - tanh(x)^2 like tf.tanh', () => {
    tf.tidy(() => {
      const x = tf.linspace(-5, 5, 101);
      const ours = tf.grad((v: Tensor) => tf.sum(fastTanh(v)))(x);
      const ref = tf.grad((v: Tensor) => tf.sum(tf.tanh(v)))(x);
      expect(tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0]).toBeLessThan(5e-7);
    });
  });

  it('propagates NaN', () => {
    tf.tidy(() => {
      expect(Number.isNaN(fastTanh(tf.tensor1d([Number.NaN])).dataSync()[0])).toBe(true);
    });
  });

  it('rejects int32 input', () => {
    expect(() => fastTanh(tf.zeros([2], 'int32'))).toThrow(/fastTanh: argument 'x' must be float32/);
  });
});
