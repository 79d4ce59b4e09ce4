import { describe, expect, it } from 'vitest';
import { maskRows, saltAndPepper } from './noise.js';

describe('noise', () => {
  describe('saltAndPepper', () => {
    it('replaces about `fraction` of the pixels by 0 or 1, half each, deterministically', () => {
      const n = 100_000;
      const x = new Float32Array(n).fill(0.5);
      const y = saltAndPepper(x, 0.2, 9);
      const hit = y.filter((v) => v !== 0.5).length / n;
      const ones = y.filter((v) => v === 1).length / n;
      // standard errors: sqrt(0.2 * 0.8 / n) = 0.00126 and sqrt(0.1 * 0.9 / n) = 0.00095; 4 SE tolerances
      expect(Math.abs(hit - 0.2)).toBeLessThan(4 * 0.00126);
      expect(Math.abs(ones - 0.1)).toBeLessThan(4 * 0.00095);
      expect(saltAndPepper(x, 0.2, 9)).toEqual(y);
      expect(saltAndPepper(x, 0, 9)).toEqual(x);
      expect(() => saltAndPepper(x, 1.5, 9)).toThrow(/'fraction' must be in \[0, 1\]; got 1.5/);
    });
  });
  describe('maskRows', () => {
    it('zeroes the chosen rows of every image and nothing else', () => {
      const x = new Float32Array(2 * 3 * 2).fill(1); // two 3x2 images
      expect(Array.from(maskRows(x, 3, 2, 1, 1))).toEqual([1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1]);
      expect(() => maskRows(x, 3, 2, 2, 2)).toThrow(/rows inside \[0, 3\); got top 2, rows 2/);
    });
  });
});
