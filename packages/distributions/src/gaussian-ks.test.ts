// Kolmogorov–Smirnov tests of the Gaussian families with an event shape (the time series of
// scipy-time-series.json; MultivariateNormal and LowRankMultivariateNormal of scipy-advanced.json),
// whose draws the scalar KS battery of cdf.test.ts cannot reach:
// - every coordinate's draws against its Gaussian marginal N(mean_i, variance_i) (both checked
//   against SciPy in families.test.ts / advanced-fixtures.test.ts);
// - the joint law: for x ~ N(μ, Σ) over R^n, Q = (x − μ)ᵀ Σ⁻¹ (x − μ) = 2 (log p(μ) − log p(x))
//   follows χ²_n, so a sampler with the right marginals but the wrong dependence fails here.
// Critical value: P(√N D > c) ≈ 2 exp(−2c²) for a continuous cdf; with m tests per distribution,
// c = √(ln(2m/α)/2) keeps the family-wise false-alarm rate at α = 1e-3 (Bonferroni). Seeds are fixed.
import { readFileSync } from 'node:fs';
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import type { DistributionBase } from './distribution.js';
import { regularizedGammaP } from './internal/igamma64.js';
import { Normal } from './normal.js';
import { buildAdvanced } from './testing/advanced.js';
import { build, fixtures } from './testing/battery.js';

const N = 4000;
const ALPHA = 1e-3;

type Nested = number | Nested[];
const advanced = (
  JSON.parse(readFileSync(new URL('../fixtures/scipy-advanced.json', import.meta.url), 'utf8')) as {
    families: { name: string; family: string; params: Record<string, Nested> }[];
  }
).families;

const GAUSSIAN_EVENT_FAMILIES = ['GaussianRandomWalk', 'AR1', 'MultivariateNormal', 'LowRankMultivariateNormal'];
const cases: [string, () => DistributionBase][] = [
  ...fixtures.filter((f) => GAUSSIAN_EVENT_FAMILIES.includes(f.family)).map((f) => [f.name, () => build(f)] as [string, () => DistributionBase]),
  ...advanced.filter((c) => GAUSSIAN_EVENT_FAMILIES.includes(c.family)).map((c) => [c.name, () => buildAdvanced(c)] as [string, () => DistributionBase]),
];

it('runs for every Gaussian family with an event shape', () => {
  const names = cases.map(([name]) => name);
  expect(names).toEqual(expect.arrayContaining(['GaussianRandomWalk', 'AR1(stationary)', 'AR1(init)', 'MVN(covariance)', 'LowRankMVN']));
});

/** sup_x |F_N(x) − F(x)| of draws `x` with cdf values `f` (continuous F). */
function ksDistance(x: number[], f: number[]): number {
  const order = x.map((_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  let d = 0;
  order.forEach((j, i) => {
    const fj = f[j] as number;
    d = Math.max(d, Math.abs((i + 1) / x.length - fj), Math.abs(i / x.length - fj));
  });
  return d;
}

/** ln Γ(n/2) for a positive integer n, exactly (Γ(1/2) = √π). */
function lgammaHalf(n: number): number {
  let acc = n % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  for (let k = n % 2 === 0 ? 1 : 0.5; k < n / 2; k += 1) acc += Math.log(k);
  return acc;
}

describe.each(cases)('Kolmogorov–Smirnov: %s draws', (_, make) => {
  it('match every Gaussian marginal and the χ² law of the Mahalanobis distance', () => {
    tf.tidy(() => {
      const d = make();
      const n = d.eventShape.reduce((a, b) => a * b, 1);
      const members = d.batchShape.reduce((a, b) => a * b, 1);
      const crit = Math.sqrt(Math.log((2 * (members * n + members)) / ALPHA) / 2) / Math.sqrt(N);
      const xs = d.sampleN(N, { seed: 4242 });
      // Marginals: F = Φ((x − mean)/sd) columnwise, for all N draws at once.
      const x = xs.dataSync();
      const f = new Normal(d.mean(), d.stddev()).cdf(xs).dataSync();
      const cols = members * n;
      for (let c = 0; c < cols; c++) {
        const xc: number[] = [];
        const fc: number[] = [];
        for (let j = c; j < x.length; j += cols) {
          xc.push(x[j] as number);
          fc.push(f[j] as number);
        }
        expect(ksDistance(xc, fc), `coordinate ${c % n} of member ${Math.floor(c / n)}`).toBeLessThan(crit);
      }
      // Joint: Q = 2 (log p(μ) − log p(x)) ~ χ²_n, cdf P(n/2, Q/2).
      const q = tf.mul(tf.sub(d.logProb(d.mean()), d.logProb(xs)), 2).dataSync();
      const lg = lgammaHalf(n);
      for (let b = 0; b < members; b++) {
        const qb: number[] = [];
        for (let j = b; j < q.length; j += members) qb.push(q[j] as number);
        const fq = qb.map((v) => regularizedGammaP(n / 2, Math.max(v, 0) / 2, lg));
        expect(ksDistance(qb, fq), `χ²_${n} of member ${b}`).toBeLessThan(crit);
      }
    });
  });
});
