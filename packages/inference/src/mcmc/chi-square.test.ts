import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@aevb/core';
import { chiSquareCdf, chiSquareQuantile } from './chi-square.js';
import { CHI2_CDF, CHI2_QUANTILE } from './testing/chi-square-reference.js';

describe('mcmc/chi-square', () => {
  describe('chiSquareCdf', () => {
    it('matches SciPy on both branches (series and continued fraction), to 1e-12', () => {
      for (const [d, x, p] of CHI2_CDF) expect(Math.abs(chiSquareCdf(x, d) - p), `d=${d} x=${x}`).toBeLessThan(1e-12);
    });

    it('is 0 at 0, 1 at ∞, and refuses a non-integer dimension or NaN', () => {
      expect(chiSquareCdf(0, 3)).toBe(0);
      expect(chiSquareCdf(Infinity, 3)).toBe(1);
      expect(() => chiSquareCdf(1, 2.5)).toThrow(ArgumentError);
      expect(() => chiSquareCdf(Number.NaN, 2)).toThrow(/'x'/);
    });
  });

  describe('chiSquareQuantile', () => {
    it('matches SciPy to 1e-9 relative', () => {
      for (const [p, d, q] of CHI2_QUANTILE) expect(Math.abs(chiSquareQuantile(p, d) - q) / q, `p=${p} d=${d}`).toBeLessThan(1e-9);
    });

    it('refuses probabilities outside (0, 1)', () => {
      expect(() => chiSquareQuantile(1, 2)).toThrow(/'p'/);
      expect(() => chiSquareQuantile(0, 2)).toThrow(/'p'/);
    });
  });
});
