import { describe, expect, it } from 'vitest';
import { ArgumentError, model, tf, type Tensor1D } from '@aevb/core';
import { Exponential } from '@aevb/distributions';
import { exact, normalMean } from '../testing/conjugate.js';
import { ChainRng } from './chain-rng.js';
import { fitGaussian } from './gaussian-fit.js';
import { mcmcLogMarginal, reciprocalImportanceEstimate } from './marginal-likelihood.js';

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

  describe('mcmcLogMarginal', () => {
    // Tolerance: 4 standard errors of the estimate (delta method with the ESS of the weights) plus
    // its Jensen bias, about SE²/2, which is negligible here. Each test also demands SE < 0.05 nats,
    // so the check has teeth (a missing Jacobian or normalizing constant would be off by more).
    it('matches the exact log evidence of the conjugate normal mean', () => {
      const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1, 1.7, 0.4];
      const x = tf.tensor1d(xs);
      const est = mcmcLogMarginal(normalMean, [x], { seed: 4, chains: 2, warmup: 100, draws: 400 });
      const ex = exact(xs).logEvidence;
      expect(est.standardError).toBeLessThan(0.05);
      expect(Math.abs(est.logMarginal - ex), `estimate ${est.logMarginal} ± ${est.standardError}, exact ${ex}`).toBeLessThan(4 * est.standardError + est.standardError ** 2);
      expect(est.q.dim).toBe(1);
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
      const est = mcmcLogMarginal(rateModel, [x], { seed: 5, chains: 2, warmup: 100, draws: 400 });
      expect(est.standardError).toBeLessThan(0.05);
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
