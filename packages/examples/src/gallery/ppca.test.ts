import { describe, expect, it } from 'vitest';
import { ppca } from './ppca.js';

// Known answers. (1) Given the fitted W, μ, σ, the exact posterior is N(M⁻¹Wᵀ(x − μ), σ²M⁻¹),
// M = WᵀW + σ²I; the linear encoder (autoAmortized, hidden: []) contains it whenever M is
// diagonal, and among the rotations of W that the likelihood cannot tell apart the ELBO prefers
// exactly those (its gap is KL(q ‖ p), zero only for a diagonal posterior covariance). So the
// encoder's q(z | x) on held-out points must match the exact posterior, and the exact posterior's
// correlation must tend to 0. (2) The ML loadings span the top-2 eigenvectors of the sample
// covariance and σ²_ML is the mean of the other eigenvalues (Tipping & Bishop 1999), and the
// ELBO with an exact posterior family is maximized at the ML solution.
// Tolerances are optimization tolerances of a 500-step run (no stochastic-error derivation: the
// numbers are functions of the final iterate): the encoder's mean within 0.15 posterior sd (RMS
// over 50 held-out points), its sds and σ within 6% (σ converges last: relative error after
// 800 steps 2.5%), |corr| < 0.2, and the subspace within 2.5° (cos > 0.999).
describe('gallery: probabilistic PCA with the automatic amortized guide', () => {
  it('the encoder matches the exact posterior on held-out points; W spans the ML principal subspace', async () => {
    const { rows } = await ppca.run({ steps: 500, seed: 1 });
    const get = (prefix: string) => rows.find((r) => r.quantity.startsWith(prefix))!;
    expect(get('RMS').fitted).toBeLessThan(0.15);
    for (const q of ['sd_q[z0', 'sd_q[z1', 'sigma']) expect(Math.abs(get(q).fitted / get(q).known - 1), q).toBeLessThan(0.06);
    expect(Math.abs(get('corr').fitted)).toBeLessThan(0.2);
    for (const q of ['cos principal angle 1', 'cos principal angle 2']) expect(get(q).fitted).toBeGreaterThan(0.999);
  });
});
