import { describe, expect, it } from 'vitest';
import { seTolerance } from './fit-steps.js';
import { linearRegression } from './linear-regression.js';

// Tolerance derivation: the full-rank Gaussian guide contains the exact (Gaussian) posterior, so
// the optimum of the ELBO is the posterior itself and the family bias is zero. The reported
// values are averages of the last half of the iterates of Adam (cosine-decayed step, 2-particle
// reparameterized ELBO); each row carries the batch-means standard error of that average (5
// blocks, fit-steps.ts). Under an unbiased fit |fitted − exact| / SE is about Student-t with 4
// degrees of freedom, so we assert < 4 SE (+ 1e-5 relative for float32 rounding), which fails by
// chance with probability ≈ 1.6% per row — and never here, since the seed is fixed.
describe('gallery: Bayesian linear regression (full-rank guide)', () => {
  it('matches the closed-form posterior mean, sds and correlation within 4 SE', async () => {
    const { rows } = await linearRegression.run({ steps: 500, seed: 1 });
    const get = (q: string) => rows.find((r) => r.quantity === q)!;
    expect(get('corr[w0, w1]').known).toBeLessThan(-0.5); // correlated: mean-field could not match it
    for (const row of rows) {
      const { difference, tolerance } = seTolerance(row);
      expect(difference, `${row.quantity}: fitted ${row.fitted}, exact ${row.known}, SE ${row.se}`).toBeLessThan(tolerance);
    }
    // Informative: the SE of every mean is well below the posterior sd.
    for (let i = 0; i < 3; i++) expect(4 * get(`E[w${i}]`).se!).toBeLessThan(0.6 * get(`sd[w${i}]`).known);
  });
});
