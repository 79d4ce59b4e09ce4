// HMC and NUTS on gallery models against their exact posteriors: Bayesian linear regression (closed-form
// Gaussian) and eight schools (the 2-D quadrature of (mu, tau)). Tolerances: 4 Monte Carlo
// standard errors from the ESS (normal approximation: a false alarm has probability ≈ 6e-5 per check).
import { describe, expect, it } from 'vitest';
import { model, tf } from '@aevb/core';
import { Independent, Normal } from '@aevb/distributions';
import { mcmc, mcseMean, mcseSd, modelPotential, siteChains, splitRhat, type SiteDraws } from '@aevb/inference';
import { schoolsExponential } from './schools-exponential.js';
import { eightSchoolsNonCentered, SCHOOLS, schoolsMarginal } from '../../packages/examples/src/gallery/eight-schools.js';
import { linearRegressionModel, regressionArrays, regressionPosterior } from '../../packages/examples/src/gallery/linear-regression.js';

function pooledMean(chains: Float64Array[]): number {
  const all = chains.flatMap((c) => Array.from(c));
  return all.reduce((a, b) => a + b, 0) / all.length;
}

function expectMeanSd(draws: SiteDraws, index: number, mean: number, sd: number, what: string): void {
  const chains = siteChains(draws, index);
  const m = pooledMean(chains);
  const s = Math.sqrt(pooledMean(chains.map((c) => c.map((v) => (v - m) ** 2))) * (chains.length * chains[0]!.length) / (chains.length * chains[0]!.length - 1));
  expect(Math.abs(m - mean), `E[${what}] ${m} vs exact ${mean}, MCSE ${mcseMean(chains)}`).toBeLessThan(4 * mcseMean(chains));
  expect(Math.abs(s - sd), `sd[${what}] ${s} vs exact ${sd}, MCSE ${mcseSd(chains)}`).toBeLessThan(4 * mcseSd(chains));
  expect(splitRhat(chains), `R-hat of ${what}`).toBeLessThan(1.05);
}

describe('HMC and NUTS on gallery models with known posteriors', () => {
  it('Bayesian linear regression: batched HMC recovers the closed-form posterior mean, sds and covariances', () => {
    const a = regressionArrays(40);
    const data = { x: tf.tensor2d(a.x), y: tf.tensor1d(a.y) };
    const ex = regressionPosterior(a.x, a.y);
    // The gallery's model (a plate, and w reshaped for matMul) runs one chain at a time. The same
    // law written with broadcasting only runs all chains in one vectorized pass: the two
    // potentials agree at arbitrary states, and HMC moves the four chains together.
    const regression = model('linear-regression-broadcast', { w: 1 }, (ctx, d: { x: tf.Tensor2D; y: tf.Tensor1D }) => {
      const w = ctx.sample('w', new Independent(new Normal(tf.zeros([3]), tf.ones([3])), 1));
      const mean = tf.sum(tf.mul(d.x, tf.expandDims(w, -2)), -1);
      ctx.observe('y', new Independent(new Normal(mean, tf.fill([d.y.shape[0]], 0.5)), 1), d.y);
    });
    const ours = modelPotential(regression, [data]);
    expect(ours.vectorized).toBe(true);
    expect(modelPotential(linearRegressionModel, [data]).vectorized).toBe(false);
    const states = tf.tensor2d([[0.3, -1.2, 0.5], [1.1, -0.4, 0.2]]);
    const gallery = modelPotential(linearRegressionModel, [data]).potential(states, [0, 1]);
    const batched = ours.potential(states, [0, 1]);
    for (let i = 0; i < 2; i++) expect(batched.value[i]).toBeCloseTo(gallery.value[i]!, 3);
    states.dispose();

    // (A fixed trajectory length is near-periodic on this Gaussian posterior: the folded R-hat
    // flags it. Stan's step-size jitter breaks the period.)
    const fit = mcmc(regression, [data], { seed: 1, kernel: 'hmc', numSteps: 5, stepSizeJitter: 0.5, chains: 4, warmup: 150, draws: 300 });
    const w = fit.samples.w!;
    for (let i = 0; i < 3; i++) expectMeanSd(w, i, ex.mean[i]!, Math.sqrt(ex.cov[i]![i]!), `w${i}`);
    // Covariances: the mean of (w_i − m_i)(w_j − m_j), with its MCSE from the ESS of the products.
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) {
      const wi = siteChains(w, i);
      const wj = siteChains(w, j);
      const prod = wi.map((c, k) => c.map((v, t) => (v - ex.mean[i]!) * (wj[k]![t]! - ex.mean[j]!)));
      expect(Math.abs(pooledMean(prod) - ex.cov[i]![j]!), `cov[w${i}, w${j}]`).toBeLessThan(4 * mcseMean(prod));
    }
    expect(Array.from(fit.divergences)).toEqual([0, 0, 0, 0]);
    tf.dispose([data.x, data.y]);
  });

  it('eight schools (non-centered): E and sd of mu and tau match the quadrature marginal', () => {
    const d = { y: tf.tensor1d([...SCHOOLS.y]), sigma: tf.tensor1d([...SCHOOLS.sigma]) };
    // Exponential(0.2) for the gallery's Gamma(1, 0.2): the same law, cheaper; the potentials agree (checked here).
    const schools = schoolsExponential;
    const states = tf.tensor2d([[0.3, -1.2, 0.5, -0.4, 1.1, 0, 0.2, -0.9, 0.7, 1.5], [2.0, 0.8, -1, 0.1, 0.3, -0.6, 0.9, 0.4, -0.2, 0]]);
    const ours = modelPotential(schools, [d]).potential(states, [0, 1]);
    const gallery = modelPotential(eightSchoolsNonCentered, [d]).potential(states, [0, 1]);
    for (let i = 0; i < 2; i++) expect(ours.value[i]).toBeCloseTo(gallery.value[i]!, 4);
    states.dispose();

    const ex = schoolsMarginal();
    const fit = mcmc(schools, [d], { seed: 2, chains: 2, warmup: 150, draws: 250 });
    expectMeanSd(fit.samples.mu!, 0, ex.mu.mean, ex.mu.sd, 'mu');
    expectMeanSd(fit.samples.tau!, 0, ex.tau.mean, ex.tau.sd, 'tau');
    // The non-centered parameterization has no funnel: at most a stray divergence.
    expect(fit.divergences.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
    tf.dispose([d.y, d.sigma]);
  });
});
