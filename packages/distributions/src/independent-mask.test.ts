import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { Bernoulli, Exponential, Independent } from './index.js';

// Independent delegates out-of-support masking to its base (regression: the VAE's
// Independent(Bernoulli) scored grey-level pixels −∞ although Bernoulli scores them as
// binary cross-entropy, and every training step was rejected as non-finite).
describe('Independent and support masking without validation', () => {
  it('keeps the base Bernoulli’s cross-entropy for grey levels', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([[0.3, -1, 2]]);
      const x = tf.tensor2d([[0.5, 0, 0.25]]);
      const base = new Bernoulli({ logits }, { validateArgs: false });
      const lp = new Independent(base, 1, { validateArgs: false }).logProb(x).dataSync()[0] ?? Number.NaN;
      const want = tf.sum(base.logProb(x)).dataSync()[0] ?? Number.NaN;
      expect(Number.isFinite(lp)).toBe(true);
      expect(Math.abs(lp - want)).toBeLessThan(1e-5); // float32 sum of 3 terms
    });
  });

  it('still gives −∞ where the base masks (Exponential at a negative value)', () => {
    tf.tidy(() => {
      const base = new Exponential(tf.ones([1, 2]), { validateArgs: false });
      const lp = new Independent(base, 1, { validateArgs: false }).logProb(tf.tensor2d([[-1, 2]])).dataSync()[0];
      expect(lp).toBe(-Infinity);
    });
  });
});
