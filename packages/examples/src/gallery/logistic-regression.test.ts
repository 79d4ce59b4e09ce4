import { describe, expect, it } from 'vitest';
import { seTolerance } from './fit-steps.js';
import { LOGISTIC_PRIOR_SD, logisticArrays, logisticRegression } from './logistic-regression.js';
import { logisticReference } from './logistic-reference.js';

describe('gallery: Bayesian logistic regression', () => {
  const data = logisticArrays(100);
  const ref = logisticReference(data.x, data.y, LOGISTIC_PRIOR_SD);

  it('the importance-sampling reference is consistent (tested reference)', () => {
    // Many effective draws from a proposal that covers the posterior.
    expect(ref.ess).toBeGreaterThan(10000);
    // A second run with a different seed and proposal width agrees within 4 combined SEs.
    const other = logisticReference(data.x, data.y, LOGISTIC_PRIOR_SD, 40000, 4242, 2);
    ref.mean.forEach((m, i) => expect(Math.abs(m - other.mean[i]!)).toBeLessThan(4 * Math.hypot(ref.meanSe[i]!, other.meanSe[i]!)));
    // The posterior mean differs from the mode (a non-Gaussian posterior) but by much less than a posterior sd.
    ref.mean.forEach((m, i) => expect(Math.abs(m - ref.mode[i]!)).toBeLessThan(0.3 * ref.sd[i]!));
  });

  // Tolerance: |fitted − reference| < 4·SE + family bias. SE combines the SE over 5 independent
  // fits of the tail-averaged guide mean (replicateRow, as in linear-regression.test.ts) and the
  // importance-sampling SE in quadrature (fit-steps.ts, logistic-reference.ts). The full-rank
  // Gaussian family does not contain this (mildly skewed) posterior, so the optimum's mean is not
  // exactly the posterior mean. The size of that family bias is set by the posterior's asymmetry,
  // whose scale we measure as |mode − mean| per coordinate (0.02–0.09 here, 0.07–0.26 posterior
  // sd), and we allow it. Measured (CLI, seed 0): the fitted means differ from the reference by
  // 0.004, 0.024 and 0.029 (w1 and w2 overshoot the mean, away from the mode), inside it.
  it('the fitted posterior mean matches the reference within 4 SE + |mode − mean|; predictions are accurate', async () => {
    const { rows, metrics } = await logisticRegression.run({ steps: 1250, seed: 1 });
    for (let i = 0; i < 3; i++) {
      const row = rows.find((r) => r.quantity === `E[w${i}]`)!;
      const { difference, tolerance } = seTolerance(row, Math.abs(ref.mode[i]! - ref.mean[i]!));
      expect(difference, `${row.quantity}: fitted ${row.fitted}, reference ${row.known}, SE ${row.se}`).toBeLessThan(tolerance);
    }
    // Accuracy of the posterior-mean classifier on 2,000 new points: within 2 points of the
    // classifier with the true coefficients (binomial SE of an accuracy over 2,000 ≈ 0.01).
    expect(metrics['test accuracy (posterior mean)']!).toBeGreaterThan(metrics['test accuracy (true coefficients)']! - 0.02);
  });
});
