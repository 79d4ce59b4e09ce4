import { describe, expect, it } from 'vitest';
import { betaBernoulli } from './beta-bernoulli.js';
import { gammaExponential } from './gamma-exponential.js';

// Both guides contain the exact posterior, so the optimum is it. The gradient is stochastic
// (one reparameterized draw per step) and Adam at lr 0.1 jitters around the optimum, and we average the last quarter of the iterates; we test the
// posterior mean within 0.1 posterior sd and the sd within 10% of its exact value.
describe('gallery: conjugate models with reparameterized Beta/Gamma guides', () => {
  // Steps: the Beta draw (two implicit-gradient Gamma draws) costs ~3x the Gamma one.
  for (const [entry, steps] of [[betaBernoulli, 400], [gammaExponential, 1000]] as const) {
    it(`${entry.name}: posterior mean and sd match the conjugate closed form`, async () => {
      const { rows } = await entry.run({ steps, seed: 2 });
      const mean = rows[2]!;
      const sd = rows[3]!;
      expect(Math.abs(mean.fitted - mean.known)).toBeLessThan(0.25 * sd.known);
      expect(Math.abs(sd.fitted - sd.known)).toBeLessThan(0.2 * sd.known);
    });
  }
});
