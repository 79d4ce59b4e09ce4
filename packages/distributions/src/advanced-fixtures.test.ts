// SciPy (float64) references for D2's special functions and families, from
// fixtures/scipy-advanced.json (scripts/gen-fixtures-advanced.py). Float32 tolerance: |got - want| <=
// ATOL + RTOL |want| with RTOL = 2e-5 (about 300 float32 ulps, room for the ~20 rounded ops of a
// log-density) and ATOL = 2e-5 (absolute error of lgamma-type sums near their zeros).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { digamma, lgamma, log1mexp, log1pmx, logBeta, softplusInverse } from './internal/special.js';
import { buildAdvanced } from './testing/advanced.js';

type Nested = number | Nested[];
interface FamilyCase {
  name: string;
  family: string;
  params: Record<string, Nested>;
  value: Nested;
  logProb: number[];
  cdf?: number[];
  mean: Nested;
  variance: Nested;
  entropy: number[];
}
interface Fixtures {
  special: Record<string, Record<string, number[]>>;
  families: FamilyCase[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/scipy-advanced.json', import.meta.url), 'utf8')) as Fixtures;

const RTOL = 2e-5;
const ATOL = 2e-5;
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const t = (x: Nested | undefined): Tensor => tf.tensor(x as number[], undefined, 'float32');

function expectClose(got: ArrayLike<number>, want: number[], rtol = RTOL, atol = ATOL): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    const g = got[i] as number;
    if (!Number.isFinite(w)) expect(g).toBe(w);
    else expect(Math.abs(g - w), `element ${i}: got ${g}, want ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w));
  });
}


describe('special functions vs SciPy (float32 inputs)', () => {
  const s = fx.special;
  // Inputs are rounded to float32, so the reference is SciPy at the float32-rounded input; the
  // rounding error of x (2^-24 relative) moves f(x) by |x f'(x)| 2^-24, added to the tolerance.
  const cases: [string, (x: Tensor) => Tensor, (x: number) => number][] = [
    ['lgamma', lgamma, (x) => Math.abs(x * Math.log(Math.max(x, 1.0001)))],
    ['digamma', digamma, (x) => (x < 1 ? 1 / x : 1)],
    ['softplusInverse', softplusInverse, (x) => x],
    ['log1mexp', log1mexp, (x) => Math.abs(x) / Math.max(1e-12, -Math.expm1(x))],
    ['log1pmx', log1pmx, (x) => x * x],
  ];
  it.each(cases)('%s', (name, fn, sensitivity) => {
    const data = s[name] as Record<string, number[]>;
    const xs = data['x'] as number[];
    const got = tf.tidy(() => fn(tf.tensor1d(xs)).dataSync());
    xs.forEach((x, i) => {
      const w = (data['y'] as number[])[i] as number;
      const tol = ATOL + RTOL * Math.abs(w) + 6e-8 * sensitivity(x);
      expect(Math.abs((got[i] as number) - w), `${name}(${x}): got ${got[i]}, want ${w}`).toBeLessThanOrEqual(tol);
    });
  });
  it('logBeta, including 1e-20 and 1e10 arguments', () => {
    const d = s['logBeta'] as Record<string, number[]>;
    const got = tf.tidy(() => logBeta(tf.tensor1d(d['a'] as number[]), tf.tensor1d(d['b'] as number[])).dataSync());
    expectClose(got, d['y'] as number[], 3e-5, 5e-5);
  });
  it('does not leak tensors', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([0.3, 4, 50]);
    tf.dispose([lgamma(x), digamma(x), logBeta(x, x), softplusInverse(x)]);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(fx.families.map((c) => [c.name, c] as const))('%s vs SciPy', (_name, c) => {
  it('logProb', () => {
    const got = tf.tidy(() => buildAdvanced(c).logProb(t(c.value)).dataSync());
    expectClose(got, c.logProb);
  });
  it('mean, variance, entropy', () => {
    tf.tidy(() => {
      const d = buildAdvanced(c);
      expectClose(d.mean().dataSync(), flat(c.mean));
      expectClose(d.variance().dataSync(), flat(c.variance));
      expectClose(d.entropy().dataSync(), c.entropy);
    });
  });
  // The fused draw scores the exact draw; logProb the float32-rounded value: they differ by the
  // value's rounding sensitivity, 4·2⁻²⁴·Σ|∂ log p/∂x · x| at most (as in families.test.ts). For
  // the Gaussian families (MultivariateNormal scores its own noise); the others' draws can
  // underflow to the boundary (Gamma(0.001) draws 0), where that sensitivity is not finite.
  it('sampleAndLogProb: the fused log-density equals logProb of the value', () => {
    if (!c.family.includes('MultivariateNormal')) return;
    tf.tidy(() => {
      const d = buildAdvanced(c);
      const { value, logProb } = d.sampleAndLogProb({ seed: 17 });
      const want = d.logProb(value).dataSync();
      const axes = Array.from({ length: d.eventShape.length }, (_, i) => value.rank - 1 - i);
      const sens = tf.sum(tf.abs(tf.mul(tf.grad((v: Tensor) => tf.sum(d.logProb(v)))(value), value)), axes).dataSync();
      const got = logProb.dataSync();
      want.forEach((w, i) => {
        const tol = ATOL + RTOL * Math.abs(w) + 4 * 2 ** -24 * (sens[i] as number);
        expect(Math.abs((got[i] as number) - w), `element ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(tol);
      });
    });
  });
  it('batch and event shapes', () => {
    tf.tidy(() => {
      const d = buildAdvanced(c);
      const v = t(c.value);
      expect([...d.batchShape, ...d.eventShape]).toEqual(v.shape);
      expect(d.sample({ seed: 4 }).shape).toEqual(v.shape);
      expect(d.sampleN(3, { seed: 4 }).shape).toEqual([3, ...v.shape]);
    });
  });
});
