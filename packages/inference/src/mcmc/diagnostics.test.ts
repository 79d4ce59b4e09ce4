import { describe, expect, it } from 'vitest';
import { autocovariance } from './autocovariance.js';
import { rankNormalize, splitChains } from './chain-draws.js';
import { ChainRng } from './chain-rng.js';
import { ess, essBasic, essBulk, essTail } from './ess.js';
import { mcseMean, mcseSd } from './mcse.js';
import { rhatBasic, splitRhat } from './rhat.js';
import { ar1Chains } from './testing/ar1.js';

function directAutocovariance(x: Float64Array): Float64Array {
  const n = x.length;
  const m = x.reduce((a, b) => a + b, 0) / n;
  return Float64Array.from({ length: n }, (_, t) => {
    let s = 0;
    for (let i = 0; i + t < n; i++) s += (x[i]! - m) * (x[i + t]! - m);
    return s / n;
  });
}

describe('mcmc diagnostics', () => {
  describe('autocovariance', () => {
    it('equals the direct O(N²) sum at every lag (power-of-two and odd lengths)', () => {
      for (const n of [1, 2, 7, 64, 301]) {
        const x = ar1Chains(0.7, 1, n, n)[0]!;
        const fast = autocovariance(x);
        const slow = directAutocovariance(x);
        for (let t = 0; t < n; t++) expect(Math.abs(fast[t]! - slow[t]!)).toBeLessThan(1e-12 * (1 + Math.abs(slow[0]!)));
      }
    });
  });

  describe('essBasic / ess', () => {
    // AR(1) with unit variance: ρ_t = φ^t, τ = (1+φ)/(1−φ). The relative standard deviation of a
    // truncated-sum estimate of τ is about √(2(2W+1)/(M·N)) for a truncation lag W (Sokal); with
    // W ≤ 15 for φ = 0.5 and M·N = 100,000 draws that is ≤ 2.5%, so 4 SD is 10%.
    it('matches the exact ESS of AR(1) chains, positively correlated', () => {
      const chains = ar1Chains(0.5, 4, 25_000, 11);
      const exact = 100_000 / 3;
      expect(Math.abs(essBasic(chains) / exact - 1)).toBeLessThan(0.1);
      expect(Math.abs(ess(chains) / exact - 1)).toBeLessThan(0.1);
    });

    it('exceeds the number of draws for antithetic chains (φ < 0: τ = 1/3)', () => {
      // Exact ESS = 3·M·N; the "improved" last term keeps the estimate from collapsing to M·N.
      const chains = ar1Chains(-0.5, 4, 10_000, 12);
      expect(essBasic(chains)).toBeGreaterThan(2.5 * 40_000);
      expect(essBasic(chains)).toBeLessThan(3.5 * 40_000);
    });

    it('gives M·N for constant chains and NaN for fewer than 3 draws or non-finite values', () => {
      expect(essBasic([new Float64Array(10).fill(2), new Float64Array(10).fill(2)])).toBe(20);
      expect(essBasic([[1, 2], [3, 4]])).toBeNaN();
      expect(essBasic([[1, 2, NaN, 4]])).toBeNaN();
    });
  });

  describe('essBulk / essTail', () => {
    it('are invariant to monotone transformations (ranks only) and close to the ESS for Gaussian chains', () => {
      const chains = ar1Chains(0.5, 4, 5_000, 13);
      const exp = chains.map((c) => c.map(Math.exp));
      expect(essBulk(exp)).toBeCloseTo(essBulk(chains), 6);
      expect(essTail(exp)).toBeCloseTo(essTail(chains), 6);
      // Rank-normalizing Gaussian draws changes them little: within 10% (as above, ≤ 2.5% per estimate ×4).
      expect(Math.abs(essBulk(chains) / ess(chains) - 1)).toBeLessThan(0.1);
    });
  });

  describe('mcseMean / mcseSd', () => {
    it('follow sd·√(τ/(M·N)) and, for Gaussian chains, σ/√(2·ESS of x²)', () => {
      const chains = ar1Chains(0.5, 4, 25_000, 14, 2);
      // sd = 2, τ = 3: MCSE of the mean = 2·√(3/100,000); 10% as above.
      expect(Math.abs(mcseMean(chains) / (2 * Math.sqrt(3 / 100_000)) - 1)).toBeLessThan(0.1);
      // For y = (x − μ)², Var y = 2σ⁴ and corr(y_t, y_{t+k}) = φ^{2k}, so τ_y = (1+φ²)/(1−φ²) = 5/3 and
      // MCSE(s) = MCSE(s²)/(2σ) = σ √(2 τ_y / (M·N)) / 2.
      expect(Math.abs(mcseSd(chains) / ((2 * Math.sqrt((2 * 5) / 3 / 100_000)) / 2) - 1)).toBeLessThan(0.1);
    });
  });

  describe('splitChains / rankNormalize', () => {
    it('splits each chain into halves, dropping the middle draw of odd lengths', () => {
      expect(splitChains([[1, 2, 3, 4, 5]]).map((c) => Array.from(c))).toEqual([[1, 2], [4, 5]]);
    });

    it('gives ties their average rank and maps ranks through Φ⁻¹((r − 3/8)/(S + 1/4))', () => {
      const [z] = rankNormalize([[10, 20, 20, 30]]);
      // Ranks 1, 2.5, 2.5, 4 of S = 4: p = 0.14706, 0.5, 0.5, 0.85294 (scipy.stats.norm.ppf: ∓1.04913).
      expect(z![0]).toBeCloseTo(-1.04913, 4);
      expect(z![1]).toBeCloseTo(0, 6);
      expect(z![2]).toBe(z![1]);
      expect(z![3]).toBeCloseTo(1.04913, 4);
    });
  });

  describe('splitRhat', () => {
    it('is close to 1 for chains from the same stationary distribution', () => {
      expect(splitRhat(ar1Chains(0.5, 4, 2_000, 15))).toBeLessThan(1.01);
    });

    it('detects a chain with a shifted location', () => {
      const chains = ar1Chains(0.5, 4, 2_000, 16);
      chains[3] = chains[3]!.map((v) => v + 1);
      expect(splitRhat(chains)).toBeGreaterThan(1.05);
    });

    it('detects a chain with a different scale through the folded draws (the bulk R-hat misses it)', () => {
      const chains = ar1Chains(0.0, 4, 2_000, 17);
      chains[3] = chains[3]!.map((v) => 3 * v);
      expect(rhatBasic(rankNormalize(splitChains(chains)))).toBeLessThan(1.01);
      expect(splitRhat(chains)).toBeGreaterThan(1.05);
    });

    it('detects a trend inside every chain by splitting (the unsplit R-hat misses it)', () => {
      const rng = new ChainRng(18);
      const chains = Array.from({ length: 4 }, () => Float64Array.from({ length: 1_000 }, (_, t) => (4 * t) / 1_000 + rng.normal()));
      expect(rhatBasic(chains)).toBeLessThan(1.01);
      expect(splitRhat(chains)).toBeGreaterThan(1.1);
    });

    it('is NaN for non-finite draws (as are the rank-based ESS) and 1 for constant chains', () => {
      expect(splitRhat([[1, 2, Infinity, 4], [1, 2, 3, 4]])).toBeNaN();
      expect(essBulk([[1, 2, Infinity, 4, 5, 6], [1, 2, 3, 4, 5, 6]])).toBeNaN();
      expect(essTail([[1, 2, NaN, 4, 5, 6], [1, 2, 3, 4, 5, 6]])).toBeNaN();
      expect(rhatBasic([[2, 2, 2], [2, 2, 2]])).toBe(1);
    });
  });
});
