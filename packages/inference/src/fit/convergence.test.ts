import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { autoNormal } from '../guides/auto-normal.js';
import { Adam } from '../optim/adam.js';
import { convergenceCheck } from './convergence.js';
import { fit, type History } from './loop.js';
import { SVI } from './svi.js';

/** n seeded standard normal draws (TF.js's seeded generator). */
const noise = (n: number, seed: number): number[] => tf.tidy(() => Array.from(tf.randomNormal([n], 0, 1, 'float32', seed).dataSync()));

describe('convergence', () => {
  describe('convergenceCheck', () => {
    it('calls a flat noisy bound converged and a noisy bound with a trend rising', () => {
      // 1,000 steps, windows of 100: the difference of two window means of unit noise has sd
      // √(2/100) ≈ 0.14, so a rise of 0.002 per step (0.2 between the windows' centres) is
      // 1.4 sd, below the 4-SE threshold, and 0.01 per step (1.0, 7 sd) is far above it.
      const e = noise(1000, 3);
      expect(convergenceCheck(e.map((v) => -100 + v))?.rising).toBe(false);
      const steep = convergenceCheck(e.map((v, i) => -100 + 0.01 * i + v))!;
      expect(steep.rising).toBe(true);
      expect(steep.window).toBe(100);
      expect(steep.change).toBeGreaterThan(0.7);
      expect(steep.change).toBeLessThan(1.3);
      expect(steep.standardError).toBeGreaterThan(0.07);
      expect(steep.standardError).toBeLessThan(0.25);
    });
    it('calls a falling bound not rising, and judges an exact (noise-free) bound by its sign', () => {
      expect(convergenceCheck(noise(200, 5).map((v, i) => -0.05 * i + v))?.rising).toBe(false);
      expect(convergenceCheck(Array.from({ length: 100 }, () => -3))?.rising).toBe(false);
      expect(convergenceCheck(Array.from({ length: 100 }, (_, i) => -3 + 1e-3 * i))?.rising).toBe(true);
    });
    it('skips rejected (non-finite) steps and says nothing below 100 finite steps', () => {
      expect(convergenceCheck(Array.from({ length: 99 }, (_, i) => i))).toBeUndefined();
      const withNaN = [...Array.from({ length: 99 }, (_, i) => i), Number.NaN, Number.NaN];
      expect(convergenceCheck(withNaN)).toBeUndefined();
      expect(convergenceCheck([...withNaN, 99])?.rising).toBe(true);
    });
    it('names a threshold that is not positive', () => {
      expect(() => convergenceCheck([1, 2], 0)).toThrow("convergenceCheck: argument 'threshold' must be positive, got 0");
    });
  });

  describe('fit', () => {
    const m = model('mean', { mu: 0 }, (ctx, y: Tensor1D) => {
      const mu = ctx.sample('mu', new Normal(0, 10));
      ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.mul(mu, tf.onesLike(y)), 1), y));
    });
    const run = async (epochs: number): Promise<History> => {
      const y = tf.tensor1d([4.1, 5.3, 3.8, 4.9, 5.6, 4.4, 5.0, 4.7]);
      const svi = new SVI({ model: m, guide: autoNormal(m, { initLoc: 'zero' }), optimizer: new Adam({ learningRate: 0.01 }), seed: 2 });
      const h = await fit(svi, { data: y, batchSize: 8, epochs });
      y.dispose();
      svi.params.clear();
      return h;
    };
    it('reports a fit stopped while its bound still climbs as rising, and a finished one as not', async () => {
      // From mu = 0 the posterior mean 4.7 is ~500 Adam steps of 0.01 away: the bound per
      // datapoint (−13.5 at the start, −1.5 at the optimum) is at −9.4 and climbing after 100 steps, and has
      // been flat for ~1,000 steps after 2,000.
      const early = await run(100);
      expect(early.convergence?.rising).toBe(true);
      expect(early.convergence?.window).toBe(50);
      const late = await run(2000);
      expect(late.convergence?.rising).toBe(false);
      expect(late.convergence?.window).toBe(200);
    });
  });
});
