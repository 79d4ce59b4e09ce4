// Closed-form KL rules against SciPy references: fixtures/scipy-advanced.json (Gamma, Beta,
// Dirichlet, MVN–MVN, LowRankMVN–MVN; scripts/gen-fixtures-advanced.py) and fixtures/scipy-extra.json
// (LogNormal, HalfNormal, Poisson, Gumbel; scripts/scipy-fixtures-extra.py), by quadrature or exact
// series in float64. Float32 tolerance: 2e-5 absolute plus 5e-5 relative (the rules sum a handful of
// O(1..50) terms, each rounded to ~1e-7 relative, and lgamma/digamma carry ~1e-6).
import { readFileSync } from 'node:fs';
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { buildAdvanced } from './testing/advanced.js';
import { ExpBijector } from './bijectors/exp.js';
import { AffineBijector } from './bijectors/affine.js';
import { positive } from './constraints.js';
import type { DistributionBase } from './distribution.js';
import { Binomial } from './binomial.js';
import { Geometric } from './geometric.js';
import { Gumbel } from './gumbel.js';
import { OneHotCategorical } from './one-hot-categorical.js';
import { HalfNormal } from './half-normal.js';
import { hasClosedFormKL, kl } from './kl/registry.js';
import { LogNormal } from './log-normal.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { TransformedDistribution } from './transformed.js';

type Nested = number | Nested[];
interface KLCase {
  pair: string;
  p: Record<string, Nested>;
  q: Record<string, Nested>;
  kl: number[];
}
const read = (f: string): { kl: KLCase[] } => JSON.parse(readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8')) as { kl: KLCase[] };
const t = (x: Nested | undefined): Tensor => tf.tensor(x as number[], undefined, 'float32');

const FAMILY: Record<string, [string, string]> = {
  'Gamma-Gamma': ['Gamma', 'Gamma'],
  'Beta-Beta': ['Beta', 'Beta'],
  'Dirichlet-Dirichlet': ['Dirichlet', 'Dirichlet'],
  'MVN-MVN': ['MultivariateNormal', 'MultivariateNormal'],
  'LowRankMVN-MVN': ['LowRankMultivariateNormal', 'MultivariateNormal'],
};
function buildExtra(family: string, p: Record<string, Nested>): DistributionBase {
  switch (family) {
    case 'LogNormal': return new LogNormal(t(p['loc']), t(p['scale']));
    case 'HalfNormal': return new HalfNormal(t(p['scale']));
    case 'Poisson': return new Poisson(t(p['rate']));
    case 'Gumbel': return new Gumbel(t(p['loc']), t(p['scale']));
    default: throw new Error(family);
  }
}
function build(pair: string, side: 0 | 1, params: Record<string, Nested>): DistributionBase {
  const fam = FAMILY[pair];
  if (fam !== undefined) return buildAdvanced({ family: fam[side], params });
  return buildExtra(pair.split('-')[side] as string, params);
}

const cases = [...read('scipy-advanced.json').kl, ...read('scipy-extra.json').kl];
describe.each(cases.map((c) => [c.pair, c] as const))('KL %s vs SciPy', (_, c) => {
  it('matches the float64 reference and is batch-shaped', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const p = build(c.pair, 0, c.p);
      const q = build(c.pair, 1, c.q);
      expect(hasClosedFormKL(p, q)).toBe(true);
      const v = kl(p, q);
      expect(v.shape).toEqual([c.kl.length]);
      const got = v.dataSync();
      c.kl.forEach((w, i) => {
        expect(Math.abs((got[i] as number) - w), `element ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(2e-5 + 5e-5 * Math.abs(w));
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('KL of transformed distributions', () => {
  it('equals the KL of the bases when the bijector chains are the same (identity or equal fields)', () => {
    tf.tidy(() => {
      const pb = new Normal(tf.tensor1d([0, 1]), tf.tensor1d([1, 0.5]));
      const qb = new Normal(tf.tensor1d([0.3, -1]), tf.tensor1d([2, 1]));
      const exp = new ExpBijector();
      const p = new TransformedDistribution(pb, [exp], { support: positive });
      const q = new TransformedDistribution(qb, [exp], { support: positive });
      const want = Array.from(kl(pb, qb).dataSync());
      expect(Array.from(kl(p, q).dataSync())).toEqual(want);
      // Two separate but equal bijectors count as the same chain; and it equals the LogNormal rule.
      const q2 = new TransformedDistribution(qb, [new ExpBijector()], { support: positive });
      expect(Array.from(kl(p, q2).dataSync())).toEqual(want);
      const ln = kl(new LogNormal(pb.loc, pb.scale), new LogNormal(qb.loc, qb.scale)).dataSync();
      want.forEach((w, i) => expect(ln[i]).toBeCloseTo(w, 6));
    });
  });
  it('has no closed form when the chains differ', () => {
    tf.tidy(() => {
      const pb = new Normal(0, 1);
      const p = new TransformedDistribution(pb, [new AffineBijector(0, 2)]);
      const q = new TransformedDistribution(pb, [new AffineBijector(0, 3)]);
      const r = new TransformedDistribution(pb, [new ExpBijector()]);
      expect(hasClosedFormKL(p, q)).toBe(false);
      expect(hasClosedFormKL(p, r)).toBe(false);
      expect(() => kl(p, r)).toThrowError(/no closed-form KL/);
    });
  });
});

describe('KL sanity', () => {
  it('is zero for identical arguments and positive otherwise (Gumbel, HalfNormal, Poisson)', () => {
    tf.tidy(() => {
      const g = new Gumbel(tf.tensor1d([0, 2]), tf.tensor1d([1, 3]));
      expect(Array.from(kl(g, g).dataSync()).every((v) => Math.abs(v) < 1e-6)).toBe(true);
      expect(kl(new HalfNormal(1), new HalfNormal(2)).dataSync()[0]).toBeGreaterThan(0);
      expect(kl(new Poisson(3), new Poisson(3)).dataSync()[0]).toBeCloseTo(0, 6);
    });
  });
});

// Discrete pairs against their defining series Σₖ p(k) log(p(k)/q(k)), summed in float64 here.
describe('KL of discrete families vs the series', () => {
  const lgam = (k: number): number => { let s = 0; for (let j = 2; j <= k; j++) s += Math.log(j); return s; };
  it('Binomial (same totalCount), Geometric, OneHotCategorical', () => {
    tf.tidy(() => {
      const n = tf.tensor1d([10, 40]);
      const [pa, pb] = [[0.3, 0.9], [0.5, 0.2]];
      const got = kl(new Binomial({ totalCount: n, probs: pa }), new Binomial({ totalCount: n, probs: pb })).dataSync();
      [10, 40].forEach((nn, i) => {
        let want = 0;
        for (let k = 0; k <= nn; k++) {
          const c = lgam(nn) - lgam(k) - lgam(nn - k);
          const lp = c + k * Math.log(pa[i]!) + (nn - k) * Math.log(1 - pa[i]!);
          const lq = c + k * Math.log(pb[i]!) + (nn - k) * Math.log(1 - pb[i]!);
          want += Math.exp(lp) * (lp - lq);
        }
        expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(2e-5 + 5e-5 * want);
      });
      expect(hasClosedFormKL(new Binomial({ totalCount: 3, probs: 0.5 }), new Binomial({ totalCount: 3, probs: 0.4 }))).toBe(true);
      expect(hasClosedFormKL(new Binomial({ totalCount: 3, probs: 0.5 }), new Binomial({ totalCount: 4, probs: 0.4 }))).toBe(false);
      expect(hasClosedFormKL(new Binomial({ totalCount: [3], probs: 0.5 }), new Binomial({ totalCount: [3], probs: 0.4 }))).toBe(false);
      const [ga, gb] = [[0.2, 0.7], [0.5, 0.1]];
      const gk = kl(new Geometric({ probs: ga }), new Geometric({ probs: gb })).dataSync();
      ga.forEach((a, i) => {
        let want = 0;
        for (let k = 0; k < 5000; k++) {
          const lp = k * Math.log(1 - a) + Math.log(a);
          want += Math.exp(lp) * (lp - (k * Math.log(1 - gb[i]!) + Math.log(gb[i]!)));
        }
        expect(Math.abs(gk[i]! - want)).toBeLessThanOrEqual(2e-5 + 5e-5 * want);
      });
      const ohp = [0.2, 0.3, 0.5];
      const ohq = [0.6, 0.3, 0.1];
      const oh = kl(new OneHotCategorical({ probs: ohp }), new OneHotCategorical({ probs: ohq })).dataSync()[0]!;
      const want = ohp.reduce((acc, v, i) => acc + v * Math.log(v / ohq[i]!), 0);
      expect(Math.abs(oh - want)).toBeLessThanOrEqual(2e-5 + 5e-5 * want);
    });
  });
});
