// cdf/icdf of every family with a closed form against SciPy (fixtures/scipy-extra.json, from
// scripts/scipy-fixtures-extra.py) over parameter grids with extreme values, and the
// Kolmogorov–Smirnov test of each family's draws against its own cdf.
// Tolerances: inputs are float32 (SciPy evaluated at the same rounded inputs), so only the
// float32 evaluation counts: z = (x − loc)/scale carries relative error ~2e-7, which moves the cdf
// by pdf·|x − loc|·2e-7 (the `sens` term, with margin 1e-6); the cdf formulas themselves keep
// ~3e-7 relative error (ndtr: 1.2e-7 erfc fit plus exp(−z²/2) rounding), so 3e-5 relative is loose.
import { readFileSync } from 'node:fs';
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Cauchy } from './cauchy.js';
import type { DistributionBase } from './distribution.js';
import { Exponential } from './exponential.js';
import { Geometric } from './geometric.js';
import { Gumbel } from './gumbel.js';
import { HalfCauchy } from './half-cauchy.js';
import { HalfNormal } from './half-normal.js';
import { Laplace } from './laplace.js';
import { Logistic } from './logistic.js';
import { LogNormal } from './log-normal.js';
import { Normal } from './normal.js';
import { Uniform } from './uniform.js';
import { fixtures, build } from './testing/battery.js';

interface CdfCase {
  family: string;
  params: Record<string, number[]>;
  at: number[];
  cdf: number[];
  pdfAt: number[];
  p?: number[];
  icdf?: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/scipy-extra.json', import.meta.url), 'utf8')) as { cdf: CdfCase[] };

const t = (x: number[]): Tensor => tf.tensor1d(x);
function make(c: CdfCase): DistributionBase {
  const p = c.params as Record<string, number[]>;
  const g = (k: string): Tensor => t(p[k] as number[]);
  switch (c.family) {
    case 'Normal': return new Normal(g('loc'), g('scale'));
    case 'Laplace': return new Laplace(g('loc'), g('scale'));
    case 'Logistic': return new Logistic(g('loc'), g('scale'));
    case 'Cauchy': return new Cauchy(g('loc'), g('scale'));
    case 'Gumbel': return new Gumbel(g('loc'), g('scale'));
    case 'HalfNormal': return new HalfNormal(g('scale'));
    case 'HalfCauchy': return new HalfCauchy(g('scale'));
    case 'Exponential': return new Exponential(g('rate'));
    case 'LogNormal': return new LogNormal(g('loc'), g('scale'));
    case 'Uniform': return new Uniform(g('low'), g('high'));
    case 'Geometric': return new Geometric({ probs: g('probs') });
    default: throw new Error(c.family);
  }
}
/** |x − loc| (or |x|): the magnitude whose float32 rounding moves z. */
function offset(c: CdfCase, i: number): number {
  const x = c.at[i] as number;
  const l = c.params['loc']?.[i] ?? c.params['low']?.[i] ?? 0;
  return Math.abs(x - l) + Math.abs(x);
}

describe.each(fx.cdf.map((c) => [c.family, c] as const))('%s cdf/icdf vs SciPy (extreme grid)', (_, c) => {
  it('cdf', () => {
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => make(c).cdf(t(c.at)).dataSync());
    c.cdf.forEach((w, i) => {
      const tol = 3e-5 * Math.min(w, 1) + 1e-6 * (c.pdfAt[i] as number) * offset(c, i) + 1e-37;
      expect(Math.abs((got[i] as number) - w), `cdf(${c.at[i]}) params ${JSON.stringify(Object.values(c.params).map((v) => v[i]))}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(tol);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
  if (c.p !== undefined) {
    it('icdf', () => {
      const got = tf.tidy(() => make(c).icdf(t(c.p as number[])).dataSync());
      (c.icdf as number[]).forEach((w, i) => {
        // Quantiles: 3e-5 relative to |x| plus the scale (absolute near x = 0), after float32 params.
        const scale = c.params['scale']?.[i] ?? (c.params['rate'] !== undefined ? 1 / (c.params['rate'][i] as number) : 1);
        const width = c.params['high'] !== undefined ? (c.params['high'][i] as number) - (c.params['low']?.[i] as number) : scale;
        const tol = 3e-5 * (Math.abs(w) + width);
        expect(Math.abs((got[i] as number) - w), `icdf(${c.p?.[i]}): ${got[i]} vs ${w}`).toBeLessThanOrEqual(tol);
      });
    });
  }
});

describe('cdf and icdf API', () => {
  it('throws "not available" for families without a closed form, and validates p', () => {
    tf.tidy(() => {
      const gamma = build(fixtures.find((f) => f.family === 'Gamma') as (typeof fixtures)[number]);
      expect(() => gamma.cdf(tf.scalar(1))).toThrowError(/Gamma\.cdf: not available/);
      expect(() => gamma.icdf(tf.scalar(0.5))).toThrowError(/Gamma\.icdf: not available/);
      expect(() => new Normal(0, 1).icdf(tf.scalar(1.5))).toThrowError(/Normal\.icdf.*'p'.*1\.5/);
    });
  });
  it('broadcasts values against the batch, and icdf inverts cdf', () => {
    tf.tidy(() => {
      const d = new Normal(tf.tensor1d([0, 1, 2]), 2);
      expect(d.cdf(tf.scalar(1)).shape).toEqual([3]);
      const x = tf.tensor2d([[-1, 0.5, 3], [4, -2, 0]]);
      const back = d.icdf(d.cdf(x)).dataSync();
      Array.from(x.dataSync()).forEach((v, i) => expect(back[i]).toBeCloseTo(v, 4));
      expect(new Normal(0, 1).expand([2, 3]).cdf(tf.scalar(0)).shape).toEqual([2, 3]);
    });
  });
});

// KS test of each family's own draws against its own cdf. D = sup |F_N − F| over the draws; for a
// continuous F, P(√N D > 1.949) ≈ 0.001 (Kolmogorov distribution; conservative for discrete F),
// fixed seeds make the test deterministic.
const KS_N = 4000;
const KS_CRIT = 1.949 / Math.sqrt(KS_N);
const ksFamilies = fixtures.filter((f) => {
  const d = build(f);
  try {
    tf.tidy(() => d.cdf(tf.zeros([...d.batchShape])));
    return d.eventShape.length === 0;
  } catch {
    return false;
  }
});
// The families with a closed-form cdf, listed explicitly so that a cdf that starts throwing fails here
// instead of silently dropping its family from the KS tests.
const KS_EXPECTED = ['Normal', 'Laplace', 'Exponential', 'Uniform', 'HalfNormal', 'Cauchy', 'LogNormal', 'Logistic', 'Gumbel', 'HalfCauchy', 'Geometric(probs)', 'Geometric(logits)', 'MixtureSameFamily(Normal)'];
it('runs the KS test for every family with a closed-form cdf', () => {
  expect(ksFamilies.map((f) => f.name)).toEqual(KS_EXPECTED);
});
describe.each(ksFamilies.map((f) => [f.name, f] as const))('Kolmogorov–Smirnov: %s draws vs its own cdf', (_, f) => {
  it(`sup |F_N − F| < ${KS_CRIT.toFixed(4)} for every batch member`, () => {
    tf.tidy(() => {
      const d = build(f);
      const xs = d.sampleN(KS_N, { seed: 2024 });
      const cols = xs.size / KS_N;
      const x = xs.dataSync();
      const F = d.cdf(xs).dataSync();
      const discrete = !d.support.isContinuous;
      for (let c = 0; c < cols; c++) {
        const pairs: [number, number][] = [];
        for (let j = c; j < x.length; j += cols) pairs.push([x[j] as number, F[j] as number]);
        pairs.sort((a, b) => a[0] - b[0]);
        let dMax = 0;
        for (let i = 0; i < pairs.length; i++) {
          // Empirical cdf just after x_(i) (ties: after the last equal value).
          let k = i;
          while (k + 1 < pairs.length && (pairs[k + 1] as [number, number])[0] === (pairs[i] as [number, number])[0]) k++;
          const fx = (pairs[i] as [number, number])[1];
          dMax = Math.max(dMax, Math.abs((k + 1) / KS_N - fx));
          if (!discrete) dMax = Math.max(dMax, Math.abs(i / KS_N - fx));
          i = k;
        }
        expect(dMax, `member ${c}`).toBeLessThan(KS_CRIT);
      }
    });
  });
});
