import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Bernoulli } from './bernoulli.js';
import { Independent } from './independent.js';
import { Normal } from './normal.js';
import { Uniform } from './uniform.js';

const values = (t: Tensor): number[] => Array.from(t.dataSync());

describe('Independent', () => {
  it('moves batch dimensions into the event and sums log-densities over them', () => {
    tf.tidy(() => {
      const base = new Normal(tf.zeros([4, 2, 3]), 1);
      const d = new Independent(base, 2);
      expect(d.family).toBe('Independent(Normal, 2)');
      expect(d.batchShape).toEqual([4]);
      expect(d.eventShape).toEqual([2, 3]);
      expect(d.support.eventDim).toBe(2);
      const x = d.rsample({ seed: 1 });
      expect(x.shape).toEqual([4, 2, 3]);
      const lp = d.logProb(x);
      expect(lp.shape).toEqual([4]);
      values(lp).forEach((v, i) => expect(v).toBeCloseTo(values(tf.sum(base.logProb(x), [1, 2]))[i] as number, 4));
      expect(d.rsampleN(5, { seed: 1 }).shape).toEqual([5, 4, 2, 3]);
      expect(values(d.entropy())[0]).toBeCloseTo(6 * (0.5 + 0.5 * Math.log(2 * Math.PI)), 4);
    });
  });

  it('fused sampleAndLogProb uses the base draw and sums its log-density', () => {
    tf.tidy(() => {
      const d = new Independent(new Normal(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0.5, 1, 2]])), 1);
      const { value, logProb } = d.sampleAndLogProb({ seed: 9 });
      expect(values(value)).toEqual(values(d.rsample({ seed: 9 })));
      expect(logProb.dataSync()[0]).toBeCloseTo(d.logProb(value).dataSync()[0] as number, 4);
    });
  });

  it('keeps hasRsample and the base validation; rejects too many reinterpreted dimensions', () => {
    tf.tidy(() => {
      expect(new Independent(new Bernoulli({ probs: [0.5, 0.5] }), 1).hasRsample).toBe(false);
      expect(() => new Independent(new Normal(tf.zeros([3]), 1), 2)).toThrowError(
        /Independent: argument 'reinterpretedBatchDims' must be an integer in \[0, 1\] for base batch shape \[3\], got 2/,
      );
      const d = new Independent(new Normal(tf.zeros([3]), 1), 1);
      expect(() => d.logProb(tf.zeros([2]))).toThrowError(ArgumentError);
    });
  });
});

describe('Uniform', () => {
  it('needs low < high; log-density is −∞ outside [low, high) when validation is off', () => {
    tf.tidy(() => {
      expect(() => new Uniform(1, 1)).toThrowError(/Uniform: argument 'high' must exceed low/);
      const d = new Uniform(0, 2, { validateArgs: false });
      expect(values(d.logProb(tf.tensor1d([-0.1, 1, 2])))).toEqual([-Infinity, -Math.fround(Math.log(2)), -Infinity]);
    });
  });

  it('its support transform maps the reals into (low, high)', () => {
    tf.tidy(() => {
      const d = new Uniform(tf.tensor1d([0, -3]), tf.tensor1d([1, 5]));
      const t = d.support.defaultTransform?.();
      const y = t?.forward(tf.tensor1d([-4, 4])) as Tensor;
      expect(values(d.support.check(y))).toEqual([1, 1]);
    });
  });
});

describe('Independent.expand', () => {
  it('expands the base batch in front of the reinterpreted dimensions', () => {
    tf.tidy(() => {
      const d = new Independent(new Normal(tf.zeros([4]), 1), 1).expand([5]);
      expect(d.batchShape).toEqual([5]);
      expect(d.eventShape).toEqual([4]);
      expect(d.rsample({ seed: 2 }).shape).toEqual([5, 4]);
      expect(d.logProb(tf.zeros([4])).shape).toEqual([5]);
    });
  });
});
