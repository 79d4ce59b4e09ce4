import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@aevb/core';
import { ChainRng } from './chain-rng.js';
import { paretoK } from './pareto-k.js';

describe('mcmc/pareto-k', () => {
  describe('paretoK', () => {
    // w = U^(−k) with U uniform has P(w > t) = t^(−1/k): a Pareto tail of shape k. With n = 40,000
    // the fit uses M = 600 exceedances; the shape's asymptotic sd is (1 + k)/√M (≤ 0.08 here), and
    // the prior moves k̂ by 10/(M+10)·|k − ½| < 0.01. Tolerance: 4 sd.
    for (const k of [0.2, 0.9]) {
      it(`recovers the tail shape ${k} of Pareto weights`, () => {
        const rng = new ChainRng(31 + k * 10);
        const w = Float64Array.from({ length: 40_000 }, () => (1 - rng.uniform()) ** -k);
        expect(Math.abs(paretoK(w) - k)).toBeLessThan((4 * (1 + k)) / Math.sqrt(600));
      });
    }

    it('gives a negative shape for bounded weights and separates them from infinite-variance ones', () => {
      const rng = new ChainRng(5);
      const bounded = Float64Array.from({ length: 5000 }, () => rng.uniform());
      expect(paretoK(bounded)).toBeLessThan(0);
      const heavy = Float64Array.from({ length: 5000 }, () => (1 - rng.uniform()) ** -0.8);
      expect(paretoK(heavy)).toBeGreaterThan(0.5);
    });

    it('is NaN for fewer than 10 values or a constant tail, and refuses NaN entries', () => {
      expect(paretoK([1, 2, 3])).toBeNaN();
      expect(paretoK(new Float64Array(50).fill(2))).toBeNaN();
      expect(() => paretoK([1, Number.NaN, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toThrow(ArgumentError);
    });
  });
});
