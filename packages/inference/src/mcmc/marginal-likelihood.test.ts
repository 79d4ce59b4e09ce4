import { describe, expect, it } from 'vitest';
import { ArgumentError, model, tf, type Tensor1D } from '@aevb/core';
import { Exponential, Normal } from '@aevb/distributions';
import { exact, normalMean } from '../testing/conjugate.js';
import { ChainRng } from './chain-rng.js';
import { fitGaussian } from './gaussian-fit.js';
import { mcmcLogMarginal, reciprocalImportanceEstimate, truncatedReciprocalEstimate } from './marginal-likelihood.js';
import { truncateGaussian } from './truncated-gaussian.js';

describe('mcmc/marginal-likelihood', () => {
  describe('fitGaussian', () => {
    it('fits the sample mean and covariance and evaluates the Gaussian log-density', () => {
      // Points (0, 1), (1, 0), (2, 2), (3, 1): mean (1.5, 1); covariance [[5/3, 1/3], [1/3, 2/3]].
      const q = fitGaussian([0, 1, 1, 0, 2, 2, 3, 1], 4, 2);
      expect(Array.from(q.mean)).toEqual([1.5, 1]);
      [5 / 3, 1 / 3, 1 / 3, 2 / 3].forEach((v, i) => expect(q.covariance[i]).toBeCloseTo(v, 12));
      // log N(x; m, S) at x = (2, 0): det S = 1, S⁻¹ = [[2/3, −1/3], [−1/3, 5/3]], r = (0.5, −1):
      // rᵀS⁻¹r = 1/6 + 1/3 + 5/3 = 13/6.
      expect(q.logDensity([2, 0])).toBeCloseTo(-Math.log(2 * Math.PI) - 13 / 12, 12);
    });

    it('refuses too few points, a degenerate coordinate and a point of the wrong length', () => {
      expect(() => fitGaussian([0, 1, 1, 0], 2, 2)).toThrow(ArgumentError);
      expect(() => fitGaussian([0, 1, 1, 1, 2, 1], 3, 2)).toThrow(/coordinate 1 has no variance left/);
      expect(() => fitGaussian([0, 1, 2], 3, 1).logDensity([1, 2])).toThrow(/has length 2, expected 1/);
    });
  });

  describe('truncateGaussian', () => {
    it('integrates to 1 over its ellipsoid (2-D grid quadrature) and is −∞ outside', () => {
      // S = [[2, 0.6], [0.6, 1]]; midpoint rule on a 600 × 600 grid over ±6 sd: the error is
      // dominated by the ellipse's boundary cells, O(h) ≈ 1e-3 of the mass.
      const q = truncateGaussian(fitGaussian([1, 0, -1, 0, 0, 1, 0, -1, 2, 1.2, -2, -1.2], 6, 2), 0.3);
      expect(q.mass).toBeCloseTo(0.3, 12);
      const sd = [Math.sqrt(q.covariance[0]!), Math.sqrt(q.covariance[3]!)];
      const n = 600;
      let total = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const x = [q.mean[0]! + sd[0]! * (-6 + (12 * (i + 0.5)) / n), q.mean[1]! + sd[1]! * (-6 + (12 * (j + 0.5)) / n)];
          total += Math.exp(q.logDensity(x)) * ((12 * sd[0]!) / n) * ((12 * sd[1]!) / n);
        }
      }
      expect(Math.abs(total - 1)).toBeLessThan(5e-3);
      expect(q.logDensity([q.mean[0]! + 3 * sd[0]!, q.mean[1]!])).toBe(-Infinity);
      expect(() => truncateGaussian(q, 0)).toThrow(/'probability'/);
    });
  });

  describe('reciprocalImportanceEstimate', () => {
    it('is exact, with zero standard error, when q is the posterior itself', () => {
      // Normal mean: log p(x, z) = log p(x) + log N(z; m, s²); with q = N(m, s²) every weight is 1/p(x).
      const xs = [0.8, 1.9, 1.2, 0.3, 1.5];
      const ex = exact(xs);
      const rng = new ChainRng(1);
      const z = [0, 1].map(() => Array.from({ length: 20 }, () => ex.mean + ex.sd * rng.normal()));
      const logPost = (v: number) => -0.5 * Math.log(2 * Math.PI * ex.sd ** 2) - (v - ex.mean) ** 2 / (2 * ex.sd ** 2);
      const est = reciprocalImportanceEstimate(
        z.map((c) => c.map(logPost)),
        z.map((c) => c.map((v) => ex.logEvidence + logPost(v))),
      );
      expect(est.logMarginal).toBeCloseTo(ex.logEvidence, 10);
      expect(est.standardError).toBeCloseTo(0, 10);
    });

    it('refuses mismatched chains and non-finite joint densities', () => {
      expect(() => reciprocalImportanceEstimate([[0, 0]], [[0]])).toThrow(ArgumentError);
      expect(() => reciprocalImportanceEstimate([[0, 0, 0]], [[0, -Infinity, 0]])).toThrow(/log weight Infinity/);
    });
  });

  describe('truncatedReciprocalEstimate', () => {
    // Neal's funnel in 3-D, v ~ N(0, 1.5²), x_k | v ~ N(0, e^v), with a known normalizer:
    // log p(x, z) = LOG_Z + log funnel(z). Exact iid draws (no MCMC): any error is the estimator's.
    const LOG_Z = -3;
    const funnelDraws = (seed: number, n: number) => {
      const rng = new ChainRng(seed);
      const positions = new Float64Array(2 * n * 3);
      const potential = new Float64Array(2 * n);
      for (let l = 0; l < 2 * n; l++) {
        const v = 1.5 * rng.normal();
        const x = [rng.normal() * Math.exp(v / 2), rng.normal() * Math.exp(v / 2)];
        positions.set([v, ...x], 3 * l);
        const logp = -0.5 * (v / 1.5) ** 2 - Math.log(1.5) - v - 0.5 * (x[0]! ** 2 + x[1]! ** 2) * Math.exp(-v) - 1.5 * Math.log(2 * Math.PI);
        potential[l] = -(LOG_Z + logp);
      }
      // Two "chains" of n draws each.
      return { chains: 2, draws: n, dim: 3, positions, potential };
    };

    it('is within 4 standard errors of the exact log normalizer of a funnel, where an untruncated q fails', () => {
      // The default truncation (0.25) bounds the weights; the untruncated Gaussian (the previous
      // estimator: truncation 1, no tail check) has infinite-variance weights and lands many of
      // its own standard errors too high. Tolerance: 4 SE (plus the Jensen bias SE²/2).
      let missed = 0;
      for (const seed of [1, 2, 3, 4]) {
        const d = funnelDraws(seed, 4000);
        const est = truncatedReciprocalEstimate(d);
        expect(est.standardError).toBeLessThan(0.06);
        expect(Math.abs(est.logMarginal - LOG_Z), `seed ${seed}: ${est.logMarginal} ± ${est.standardError}`).toBeLessThan(4 * est.standardError + est.standardError ** 2);
        const old = truncatedReciprocalEstimate(d, { truncation: 1, maxParetoK: Infinity });
        if (Math.abs(old.logMarginal - LOG_Z) > 4 * old.standardError) missed++;
      }
      expect(missed, 'the untruncated estimator should miss by more than 4 of its SEs').toBeGreaterThanOrEqual(2);
    });

    it('refuses heavy-tailed weights (Pareto k̂ above maxParetoK) and too few draws inside the ellipsoid', () => {
      const d = funnelDraws(9, 2000);
      expect(() => truncatedReciprocalEstimate(d, { truncation: 1, maxParetoK: 0.3 })).toThrow(/heavy tail.*'truncation'/);
      expect(() => truncatedReciprocalEstimate(funnelDraws(9, 40), { truncation: 0.01 })).toThrow(/inside q's ellipsoid/);
      expect(() => truncatedReciprocalEstimate(d, { truncation: 1.5 })).toThrow(/'truncation'/);
    });
  });

  describe('mcmcLogMarginal', () => {
    // Two modes: z ~ N(0.5, 1), x | z ~ N(z², 0.5²) at x = 4 puts 88%/12%-ish of the mass near z = ±2
    // with a barrier (e^-32) between them. Chains started uniformly on (−2, 2) land on either side
    // (seed 2: three at −2, one at +2; seed 1 puts all four at +2, where nothing can tell); pooled,
    // their draws give the modes the chains' proportions, not the posterior's.
    const twoModes = model('two-modes-global', { z: 0 }, (ctx, x: Tensor1D) => {
      const z = ctx.sample('z', new Normal(0.5, 1));
      ctx.plate('data', x.shape[0], () => ctx.observe('x', new Normal(tf.mul(tf.square(z), tf.onesLike(x)), 0.5), x));
    });
    it('refuses chains that sit in different modes, naming the split R-hat', () => {
      const x = tf.tensor1d([4]);
      const est = () => mcmcLogMarginal(twoModes, [x], { seed: 2, chains: 4, warmup: 200, draws: 400, init: 'uniform' });
      expect(est).toThrow(/mcmcLogMarginal: the chains have not mixed: split R-hat [0-9.]+ for unconstrained coordinate 0 exceeds maxRhat 1.05/);
      expect(() => mcmcLogMarginal(twoModes, [x], { seed: 1, chains: 2, maxRhat: 1 })).toThrow("mcmcLogMarginal: argument 'maxRhat' must be above 1, got 1");
      x.dispose();
    });

    // Tolerance: 4 standard errors of the estimate (the larger of the delta method with the ESS of
    // the weights and batch means) plus its Jensen bias, about SE²/2. With the default truncation
    // (q keeps 25% of its mass) even an exact q leaves weights 0 or constant, a relative SE of
    // √(0.75 / (0.25 ESS)): 1,600 draws per chain bring it under 0.1 nats, so the check has teeth
    // (a missing Jacobian or the truncation's normalizer, log 0.25 = −1.39, would be off by more).
    it('matches the exact log evidence of the conjugate normal mean', () => {
      const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1, 1.7, 0.4];
      const x = tf.tensor1d(xs);
      const est = mcmcLogMarginal(normalMean, [x], { seed: 4, chains: 2, warmup: 100, draws: 1600 });
      const ex = exact(xs).logEvidence;
      expect(est.standardError).toBeLessThan(0.1);
      expect(Math.abs(est.logMarginal - ex), `estimate ${est.logMarginal} ± ${est.standardError}, exact ${ex}`).toBeLessThan(4 * est.standardError + est.standardError ** 2);
      expect(est.q.dim).toBe(1);
      expect(est.inside).toBeGreaterThan(0.15);
      x.dispose();
    });

    it('matches the exact log evidence of a positive latent with a skewed posterior (Gamma rate)', () => {
      // λ ~ Exponential(1), x_i ~ Exponential(λ): p(x) = ∫ λⁿ e^{−λ(1+S)} dλ = n! / (1 + S)^{n+1}.
      // In the unconstrained (softplus) space the posterior is skewed, so the Gaussian q differs from
      // it; the Jacobian of the bijector enters the joint density.
      const rateModel = model('gamma-exponential', { rate: 0 }, (ctx, x: Tensor1D) => {
        const rate = ctx.sample('rate', new Exponential(tf.scalar(1)));
        ctx.plate('data', x.shape[0], () => {
          ctx.observe('x', new Exponential(tf.broadcastTo(rate, x.shape)), x);
        });
      });
      const ys = [0.5, 1.2, 0.3, 2.0, 0.8];
      const x = tf.tensor1d(ys);
      const s = ys.reduce((a, b) => a + b, 0);
      const ex = Math.log(120) - 6 * Math.log(1 + s);
      const est = mcmcLogMarginal(rateModel, [x], { seed: 5, chains: 2, warmup: 100, draws: 1600 });
      expect(est.standardError).toBeLessThan(0.1);
      expect(Math.abs(est.logMarginal - ex), `estimate ${est.logMarginal} ± ${est.standardError}, exact ${ex}`).toBeLessThan(4 * est.standardError + est.standardError ** 2);
      x.dispose();
    });

    it('refuses a fit fraction that leaves no draws on one side', () => {
      const x = tf.tensor1d([1, 2]);
      expect(() => mcmcLogMarginal(normalMean, [x], { seed: 1, fitFraction: 1 })).toThrow(/'fitFraction'/);
      expect(() => mcmcLogMarginal(normalMean, [x], { seed: 1, chains: 1, warmup: 5, draws: 1 })).toThrow(/'draws'/);
      x.dispose();
    });
  });
});
