import { describe, expect, it } from 'vitest';
import { ArgumentError, ModelError, model, tf, type Tensor1D } from '@aevb/core';
import { Exponential } from '@aevb/distributions';
import { exact, normalMean } from '../testing/conjugate.js';
import { mcseMean, mcseSd } from './mcse.js';
import { mcmc, siteChains, type McmcOptions, type SiteDraws } from './mcmc.js';
import { mcmcSummary } from './mcmc-summary.js';
import { splitRhat } from './rhat.js';

const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1, 1.7, 0.4];

/**
 * The posterior mean and sd of one component within 4 Monte Carlo standard errors of the exact
 * values (MCSE from the ESS; under the normal approximation a false alarm has probability ≈ 6e-5
 * per check), and R-hat below 1.05.
 */
function expectPosterior(draws: SiteDraws, index: number, mean: number, sd: number): void {
  const chains = siteChains(draws, index);
  const all = chains.flatMap((c) => Array.from(c));
  const m = all.reduce((a, b) => a + b, 0) / all.length;
  const s = Math.sqrt(all.reduce((a, b) => a + (b - m) ** 2, 0) / (all.length - 1));
  expect(Math.abs(m - mean), `mean ${m} vs exact ${mean}, MCSE ${mcseMean(chains)}`).toBeLessThan(4 * mcseMean(chains));
  expect(Math.abs(s - sd), `sd ${s} vs exact ${sd}, MCSE ${mcseSd(chains)}`).toBeLessThan(4 * mcseSd(chains));
  expect(splitRhat(chains)).toBeLessThan(1.05);
}

// λ ~ Exponential(1), x_i ~ Exponential(λ): the posterior is Gamma(1 + n, 1 + Σx). (Cheap
// densities on purpose: Beta and Gamma log-densities cost 500–1200 kernels per gradient today.)
const gammaExponential = model('gamma-exponential', { rate: 0 }, (ctx, x: Tensor1D) => {
  const rate = ctx.sample('rate', new Exponential(tf.scalar(1)));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Exponential(tf.broadcastTo(rate, x.shape)), x);
  });
});
const ys = [0.5, 1.2, 0.3, 2.0, 0.8];

describe('mcmc/mcmc', () => {
  describe('mcmc', () => {
    it('NUTS: the conjugate normal mean (exact posterior N(m, s²))', () => {
      const x = tf.tensor1d(xs);
      const ex = exact(xs);
      const before = tf.memory().numTensors;
      const fit = mcmc(normalMean, [x], { seed: 1, chains: 2, warmup: 100, draws: 300 });
      expect(tf.memory().numTensors).toBe(before);
      expect(fit.samples.mu!.shape).toEqual([2, 300, 1]);
      expectPosterior(fit.samples.mu!, 0, ex.mean, ex.sd);
      expect(Array.from(fit.divergences)).toEqual([0, 0]);
      expect(fit.treeDepth.length).toBe(600);
      x.dispose();
    });

    it('HMC (all chains through one potential call per leapfrog step): the same posterior', () => {
      const x = tf.tensor1d(xs);
      const ex = exact(xs);
      const fit = mcmc(normalMean, [x], { seed: 2, kernel: 'hmc', numSteps: 3, chains: 3, warmup: 100, draws: 200 });
      expectPosterior(fit.samples.mu!, 0, ex.mean, ex.sd);
      x.dispose();
    });

    it('a positive latent: the Gamma posterior of an exponential rate, through softplus and its Jacobian', () => {
      const x = tf.tensor1d(ys);
      const a = 1 + ys.length;
      const b = 1 + ys.reduce((s, v) => s + v, 0);
      // (Checked by mutation: dropping the log-Jacobian moves the mean about 5 MCSE off at this length.)
      const fit = mcmc(gammaExponential, [x], { seed: 3, chains: 2, warmup: 150, draws: 800 });
      expectPosterior(fit.samples.rate!, 0, a / b, Math.sqrt(a) / b);
      expect(fit.samples.rate!.values.every((v) => v > 0)).toBe(true);
      x.dispose();
    });

    it('is reproducible: the same seed gives the same draws, another seed others', () => {
      const x = tf.tensor1d(xs);
      const run = (seed: number) => Array.from(mcmc(normalMean, [x], { seed, chains: 2, warmup: 20, draws: 10 }).samples.mu!.values);
      expect(run(5)).toEqual(run(5));
      expect(run(6)).not.toEqual(run(5));
      x.dispose();
    });

    it('starts from given values, from prior draws, or uniformly in (−2, 2)', () => {
      const x = tf.tensor1d(xs);
      const first = (init: NonNullable<McmcOptions['init']>) => mcmc(normalMean, [x], { seed: 7, chains: 2, warmup: 0, draws: 1, stepSize: 1e-6, maxTreeDepth: 1, init }).raw;
      // With a tiny fixed step the first draw stays at the initial state (to 1e-5).
      const given = first({ mu: [3.5] });
      expect(given.positions[0]).toBeCloseTo(3.5, 4);
      expect(given.positions[1]).toBeCloseTo(3.5, 4);
      const uniform = first('uniform');
      expect(Math.abs(uniform.positions[0]!)).toBeLessThan(2);
      expect(uniform.positions[0]).not.toBe(uniform.positions[1]);
      const prior = first('prior');
      expect(prior.positions[0]).not.toBe(prior.positions[1]);
      expect(() => first({ nu: [1] } as never)).toThrow(ModelError);
      expect(() => mcmc(normalMean, [x], { seed: 1, chains: 0 })).toThrow(ArgumentError);
      x.dispose();
    });
  });

  describe('siteChains / mcmcSummary', () => {
    it('pick one component per chain and summarize every component', () => {
      const draws: SiteDraws = { shape: [2, 3, 2], values: Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]) };
      expect(siteChains(draws, 1).map((c) => Array.from(c))).toEqual([[10, 20, 30], [40, 50, 60]]);
      expect(() => siteChains(draws, 2)).toThrow(ArgumentError);
      const x = tf.tensor1d(xs);
      const fit = mcmc(normalMean, [x], { seed: 8, chains: 2, warmup: 50, draws: 50 });
      const [row] = mcmcSummary(fit);
      expect(row!.label).toBe('mu[0]');
      expect(row!.mean).toBeCloseTo(siteChains(fit.samples.mu!).flatMap((c) => Array.from(c)).reduce((a, b) => a + b, 0) / 100, 10);
      expect(row!.essBulk).toBeGreaterThan(0);
      x.dispose();
    });
  });
});
