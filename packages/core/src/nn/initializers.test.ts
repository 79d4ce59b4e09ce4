import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { constant, fans, glorotNormal, glorotUniform, heNormal, normal, zeros } from './initializers.js';

function moments(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    s2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  return { mean, std: Math.sqrt(s2 / v.length - mean * mean), min, max };
}

describe('initializers', () => {
  describe('fans', () => {
    it('reads [fanIn, fanOut], rank 1 and higher ranks', () => {
      expect(fans([784, 500])).toEqual({ fanIn: 784, fanOut: 500 });
      expect(fans([7])).toEqual({ fanIn: 7, fanOut: 7 });
      expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 32 });
    });
  });

  // N = 784 * 500 = 392,000 draws: the standard error of the mean is std / sqrt(N) ~ std / 626 and of
  // the standard deviation ~ std / sqrt(2N) ~ std / 885; tolerances are 5 standard errors.
  const N = 784 * 500;
  const cases = [
    ['glorotUniform', glorotUniform(), Math.sqrt(2 / 1284)],
    ['glorotNormal', glorotNormal(), Math.sqrt(2 / 1284)],
    ['heNormal', heNormal(), Math.sqrt(2 / 784)],
    ['normal(0.01)', normal(0.01), 0.01],
    ['normal(default)', normal(), 0.01],
  ] as const;
  describe.each(cases)('%s', (_name, init, std) => {
    it('has mean 0 and the documented standard deviation', () => {
      const m = moments(init([784, 500], 7));
      expect(Math.abs(m.mean)).toBeLessThan((5 * std) / Math.sqrt(N));
      // the uniform's 4th moment makes the sd of the sample sd smaller than the normal's; 5 SE still holds
      expect(Math.abs(m.std - std)).toBeLessThan((5 * std) / Math.sqrt(2 * N));
    });
    it('is deterministic in its seed and differs across seeds', () => {
      const a = init([10, 20], 3).dataSync();
      const b = init([10, 20], 3).dataSync();
      const c = init([10, 20], 4).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
    });
  });

  it('glorotUniform stays within ±sqrt(6 / (fanIn + fanOut))', () => {
    const m = moments(glorotUniform()([784, 500], 9));
    const limit = Math.sqrt(6 / 1284);
    expect(m.min).toBeGreaterThanOrEqual(-limit);
    expect(m.max).toBeLessThanOrEqual(limit);
    expect(m.max).toBeGreaterThan(0.99 * limit); // the range is used
  });

  it('zeros and constant fill', () => {
    expect(Array.from(zeros()([2, 2], 1).dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(constant(0.5)([3], 1).dataSync())).toEqual([0.5, 0.5, 0.5]);
  });

  it('rejects bad arguments with the function and argument named', () => {
    expect(() => normal(-1)).toThrow(ArgumentError);
    expect(() => normal(0)).toThrow(/normal: argument 'std' must be a positive finite number, got 0/);
    expect(() => constant(Number.NaN)).toThrow(/constant: argument 'value' must be finite/);
    expect(() => glorotUniform()([3, 0], 1)).toThrow(/glorotUniform: argument 'shape' must hold positive integers, got \[3, 0\]/);
  });

  it('leaks no tensors beyond the result', () => {
    const before = tf.memory().numTensors;
    const t = glorotNormal()([5, 5], 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
  });
});
